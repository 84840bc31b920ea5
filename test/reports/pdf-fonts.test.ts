// Which font draws what: a symbol the Latin font lacks (√, in the method annex of every report) comes from the small
// Arabic font, so a report without Chinese text never loads the 10 MB Chinese font; Chinese text still gets it.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import PDFDocument from "pdfkit";
import { describe, expect, it } from "vitest";
import { DocumentFonts } from "../../src/reports/pdf/fonts";
import { Typesetter } from "../../src/reports/pdf/typesetter";

function hasTool(name: string): boolean {
  try {
    execFileSync("which", [name], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** A one-page PDF with the given lines drawn through the report's typesetter; the families of each line's runs. */
async function drawn(lines: string[]): Promise<{ pdf: Buffer; families: string[][] }> {
  const doc = new PDFDocument({ autoFirstPage: false, compress: false });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve) => doc.on("end", () => resolve()));
  doc.addPage({ size: "A4" });
  const typesetter = new Typesetter(doc, new DocumentFonts(doc), false);
  const families: string[][] = [];
  let y = 60;
  for (const line of lines) {
    const block = typesetter.layout(line, { size: 11 }, 450);
    families.push(block.lines.flatMap((l) => l.runs.map((r) => r.family)));
    y += typesetter.draw(block, 60, y, 450);
  }
  doc.end();
  await done;
  return { pdf: Buffer.concat(chunks), families };
}

const embeddedFonts = (pdf: Buffer) => [...pdf.toString("latin1").matchAll(/\/BaseFont \/([A-Z]{6}\+)?([\w-]+)/g)].map((m) => m[2]);

describe("font fallback in the PDF", () => {
  it("draws √ with the Arabic font and embeds no Chinese font for a text without Chinese", async () => {
    const { pdf, families } = await drawn(["95% interval = mean ± t(0.975, n − 1) × s ÷ √n"]);
    expect(families[0]).toEqual(["latin", "arabic", "latin"]);
    const fonts = embeddedFonts(pdf);
    expect(fonts.some((f) => f.startsWith("NotoSansArabic"))).toBe(true);
    expect(fonts.some((f) => f.startsWith("NotoSansSC"))).toBe(false);
  });

  it("still draws Chinese text with the Chinese font", async () => {
    const { pdf, families } = await drawn(["现状得分 ÷ √n"]);
    expect(families[0][0]).toBe("cjk");
    expect(embeddedFonts(pdf).some((f) => f.startsWith("NotoSansSC"))).toBe(true);
  });

  (hasTool("pdftotext") ? it : it.skip)("keeps the √ readable as text", async () => {
    const { pdf } = await drawn(["s ÷ √n, clipped to 0–5"]);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cna-pdf-fonts-")), "sqrt.pdf");
    fs.writeFileSync(file, pdf);
    expect(execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" })).toContain("s ÷ √n, clipped to 0–5");
  });
});
