// Where experts meet the evidence: the review by organisation and dimension (self-assessed levels, comment, files and
// links), the rating stored, audited and read back by expert validation, the download for staff, and the evidence
// list as CSV and XLSX.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lookupOf } from "../../src/assessments/tokens";
import { evidenceRatingsFor } from "../../src/evidence/repository";
import { createApiToken } from "../../src/auth/api-tokens";
import { prepareEvidence, recordEvidence } from "../../src/evidence/service";
import { findInvitationByLookup } from "../../src/responses/repository";
import { saveAnswers } from "../../src/responses/service";
import { startTestApp, type TestApp } from "../support/app";
import { aUser, anAssessment, anInvitation, TEST_PASSWORD, type BuiltAssessment } from "../support/builders";
import { pdfFile } from "../support/evidence-files";
import { FormClient } from "../support/form-client";

let app: TestApp;
let assessment: BuiltAssessment;
let expert: FormClient;
let itemId: string;
let responseId: number;
let pdf: Buffer;

beforeAll(async () => {
  app = await startTestApp();
  const { context } = app;
  assessment = anAssessment(context, { status: "open" });
  const { token } = anInvitation(context, assessment, { levels: ["organisational"] });
  const invitation = findInvitationByLookup(context.database, lookupOf(token))!;
  itemId = context.instruments.current("digital-government")!.levels.find((l) => l.id === "organisational")!.dimensions[0].items[0].id;
  pdf = await pdfFile("Board minutes approving the digital strategy");
  const prepared = await prepareEvidence(context.config, [
    { itemId, files: [{ originalName: "minutes.pdf", content: pdf }], link: "https://gov.example.org/strategy", note: "Approved 2025" },
  ]);
  context.database.sqlite.transaction(() => {
    saveAnswers(context.database, invitation, [{ itemId, kind: "answered", current: 3, target: 5, importance: 3, comment: "We have a strategy" }], {
      source: "form",
      now: new Date(),
    });
    recordEvidence(context.database, context.config, invitation, prepared, new Date());
  })();
  responseId = invitation.responseId!;
  expert = new FormClient(app.url);
  await expert.signIn(assessment.owner.email, TEST_PASSWORD);
});
afterAll(() => app.close());

describe("the evidence review", () => {
  it("shows each evidenced answer with its self-assessed levels, comment and evidence", async () => {
    const page = await expert.get(`/assessments/${assessment.id}/evidence`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("self-assessed: current 3, target 5");
    expect(page.text).toContain("We have a strategy");
    expect(page.text).toContain("minutes.pdf");
    expect(page.text).toContain('href="https://gov.example.org/strategy"');
    expect(page.text).toContain("Approved 2025");
    const filtered = await expert.get(`/assessments/${assessment.id}/evidence?organisation=${assessment.organisationIds[1]}`);
    expect(filtered.text).not.toContain("We have a strategy");
  });

  it("stores an expert's rating, audits it, and gives it to expert validation", async () => {
    await expert.get(`/assessments/${assessment.id}/evidence`);
    const saved = await expert.postForm(`/assessments/${assessment.id}/evidence/rating`, {
      responseId: String(responseId),
      itemId,
      rating: "partial",
      organisation: "",
      dimension: "",
    });
    expect(saved.status).toBe(200);
    expect(saved.text).toContain("Rating saved.");
    expect(evidenceRatingsFor(app.context.database, assessment.id)).toEqual([
      expect.objectContaining({ responseId, itemId, rating: "partial", organisationId: assessment.organisationIds[0], ratedBy: assessment.owner.id }),
    ]);
    const audit = app.context.database.sqlite.prepare("select details from audit_log where action = 'evidence.rate'").pluck().all() as string[];
    expect(audit.map((d) => JSON.parse(d))).toEqual([{ responseId, itemId, rating: "partial" }]);
    await expert.postForm(`/assessments/${assessment.id}/evidence/rating`, { responseId: String(responseId), itemId, rating: "unrated" });
    expect(evidenceRatingsFor(app.context.database, assessment.id)).toEqual([]);
    const refused = await expert.postForm(`/assessments/${assessment.id}/evidence/rating`, {
      responseId: String(responseId),
      itemId: "not-evidenced",
      rating: "none",
    });
    expect(refused.status).toBe(400);
  });

  it("lets staff with raw-data access download a file as an attachment, and no one else", async () => {
    const evidenceId = app.context.database.sqlite.prepare("select id from evidence where kind = 'file'").pluck().get() as number;
    const download = await expert.request("GET", `/assessments/${assessment.id}/evidence/${evidenceId}/file`);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toMatch(/^attachment; filename="minutes.pdf"/);
    expect(download.headers.get("x-content-type-options")).toBe("nosniff");
    expect(download.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
    const analystUser = aUser(app.context, "analyst", { grants: [{ assessmentId: assessment.id, role: "analyst" }] });
    const analyst = new FormClient(app.url);
    await analyst.signIn(analystUser.email, TEST_PASSWORD);
    expect((await analyst.request("GET", `/assessments/${assessment.id}/evidence/${evidenceId}/file`)).status).toBe(403);
  });

  it("lists the evidence as CSV with item, organisation, type, size, SHA-256 and the download path", async () => {
    const csv = await expert.request("GET", `/assessments/${assessment.id}/evidence.csv`);
    expect(csv.status).toBe(200);
    const lines = csv.text
      .replace(/^\uFEFF/, "")
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toBe(
      "evidence_id,response_id,organisation_id,organisation,level,dimension,item,kind,url,file_name,type,size_bytes,sha256,download_path,note,created_at,expert_rating",
    );
    expect(lines).toHaveLength(3);
    const file = lines.find((l) => l.includes("minutes.pdf"))!;
    const digest = (await import("node:crypto")).createHash("sha256").update(pdf).digest("hex");
    expect(file).toContain(`application/pdf,${pdf.length},${digest},/assessments/${assessment.id}/evidence/`);
    expect(file).toContain(`,${itemId},file,`);
    // The JSON API gives the same list, with an API token.
    const { token } = createApiToken(
      { database: app.context.database, clock: app.context.clock } as Parameters<typeof createApiToken>[0],
      assessment.owner,
      "evidence test",
    );
    const api = await fetch(`${app.url}/api/v1/assessments/${assessment.id}/evidence`, { headers: { authorization: `Bearer ${token}` } });
    expect(api.status).toBe(200);
    const listed = (await api.json()) as {
      assessmentId: number;
      items: { kind: string; sha256: string | null; size: number | null; downloadPath: string | null; itemId: string }[];
    };
    expect(listed.items).toHaveLength(2);
    expect(listed.items.find((i) => i.kind === "file")).toMatchObject({ sha256: digest, size: pdf.length, itemId });
    const xlsx = await fetch(`${app.url}/assessments/${assessment.id}/evidence.xlsx`, {
      headers: { cookie: (expert as unknown as { cookieHeader(): string }).cookieHeader() },
    });
    expect(xlsx.headers.get("content-type")).toContain("spreadsheetml");
  });
});
