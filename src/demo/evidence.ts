// Evidence in the demo: a few respondents of each demo round back the first question of some dimensions with a
// small PDF (made here with pdfkit, clearly marked as demo material) and a link, so that a newcomer sees the
// respondent's evidence panel, the expert's evidence review and the evidence list at once.
import { createRequire } from "node:module";
import type { AppDatabase } from "../db/client";
import { insertEvidence } from "../evidence/repository";
import { EvidenceStore } from "../evidence/store";
import type { Instrument } from "../questionnaires/schema";
import type { RespondentInvitation } from "../responses/repository";

// pdfkit (with fontkit) is loaded when the demo is seeded, on a first start only: not on every start.
const load = createRequire(import.meta.url);

/** A one-page PDF, made synchronously (pdfkit's stream is read as soon as the document ends). */
export function demoPdf(title: string, lines: string[]): Buffer {
  const PDFDocument = load("pdfkit") as typeof import("pdfkit");
  const doc = new PDFDocument({ size: "A5", info: { Title: title, Author: "Demoland (demo data)" } });
  doc.fontSize(16).text(title).moveDown();
  doc.fontSize(10).text("DEMO DATA: a fictional document of the fictional country Demoland.").moveDown();
  for (const line of lines) doc.text(line);
  doc.end();
  const chunks: Buffer[] = [];
  let chunk: Buffer | null;
  while ((chunk = doc.read() as Buffer | null) !== null) chunks.push(chunk);
  return Buffer.concat(chunks);
}

const DOCUMENTS = [
  { name: "Demoland national digital strategy 2025-2030.pdf", link: "https://example.org/demoland/digital-strategy" },
  { name: "Steering committee minutes.pdf", link: "https://example.org/demoland/steering-committee" },
  { name: "Annual ICT budget summary.pdf", link: "https://example.org/demoland/ict-budget" },
];

/** Attaches demo evidence to the first answered item of the first dimensions of this invitation's levels. */
export function attachDemoEvidence(
  database: AppDatabase,
  dataDir: string,
  instrument: Instrument,
  invitation: RespondentInvitation,
  answeredItems: ReadonlySet<string>,
  index: number,
  at: Date,
): void {
  if (invitation.responseId === null) return;
  const store = new EvidenceStore(dataDir);
  const dimensions = instrument.levels.filter((l) => invitation.levels.includes(l.id)).flatMap((l) => l.dimensions);
  const createdAt = at.toISOString();
  dimensions.slice(0, 2).forEach((dimension, n) => {
    const item = dimension.items.find((i) => answeredItems.has(i.id));
    if (!item) return;
    const document = DOCUMENTS[(index + n) % DOCUMENTS.length];
    const content = demoPdf(document.name.replace(/\.pdf$/, ""), [`Organisation: ${invitation.organisationName}`, `Supports the answer to "${item.id}".`]);
    const sha256 = store.putSync(content);
    insertEvidence(
      database,
      invitation.responseId!,
      invitation.assessmentId,
      { itemId: item.id, kind: "file", fileName: document.name, mime: "application/pdf", size: content.length, sha256, note: "Demo document" },
      createdAt,
    );
    insertEvidence(
      database,
      invitation.responseId!,
      invitation.assessmentId,
      { itemId: item.id, kind: "link", url: document.link, note: "Published version (demo link)" },
      createdAt,
    );
  });
}
