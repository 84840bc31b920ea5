// Evidence files are typed by their content: each accepted type passes; every refusal names the file and the rule.
import { describe, expect, it } from "vitest";
import { cleanFileName, detectEvidenceType } from "../../src/evidence/detect";
import { defaultEvidenceLimits } from "../../src/evidence/limits";
import { englishText } from "../../src/i18n/translate";
import { AppError } from "../../src/errors";
import { defaultUploadLimits } from "../../src/uploads/limits";
import { csvFile, docxBomb, docxFile, htmlPage, jpegFile, odtFile, pdfFile, pngFile, polyglotPdf, textFile } from "../support/evidence-files";
import { zipOf } from "../support/zip-bombs";

const detect = (content: Buffer, name: string) => detectEvidenceType(content, name, defaultEvidenceLimits, defaultUploadLimits);

async function refusal(content: Buffer, name: string): Promise<{ status: number; text: string }> {
  try {
    await detect(content, name);
  } catch (error) {
    if (error instanceof AppError && error.shown) return { status: error.status, text: englishText(error.shown) };
    throw error;
  }
  throw new Error(`${name} was accepted`);
}

describe("evidence types", () => {
  it("accepts PDF, PNG, JPEG, DOCX, ODT, CSV and TXT by their content", async () => {
    expect(await detect(await pdfFile(), "strategy.pdf")).toEqual({ mime: "application/pdf", extension: "pdf" });
    expect((await detect(pngFile, "chart.PNG")).mime).toBe("image/png");
    expect((await detect(jpegFile, "photo.jpeg")).mime).toBe("image/jpeg");
    expect((await detect(docxFile(), "minutes.docx")).mime).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect((await detect(odtFile(), "minutes.odt")).mime).toBe("application/vnd.oasis.opendocument.text");
    expect((await detect(csvFile, "staff.csv")).mime).toBe("text/csv");
    expect((await detect(textFile, "minutes.txt")).mime).toBe("text/plain");
  });

  it("refuses an empty file, naming it", async () => {
    expect(await refusal(Buffer.alloc(0), "empty.pdf")).toEqual({ status: 400, text: expect.stringMatching(/empty\.pdf.*empty/) });
  });

  it("refuses a file over the size limit, naming the limit", async () => {
    const result = await refusal(Buffer.alloc(defaultEvidenceLimits.maxFileBytes + 1, 0x41), "big.txt");
    expect(result.status).toBe(413);
    expect(result.text).toMatch(/big\.txt.*10 MB/);
  });

  it("refuses a type that is not accepted (an executable, an SVG, a GIF)", async () => {
    const exe = Buffer.concat([Buffer.from("MZ"), Buffer.alloc(200, 0)]);
    expect((await refusal(exe, "tool.pdf")).text).toMatch(/tool\.pdf.*not accepted/);
    const gif = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");
    expect((await refusal(gif, "pic.gif")).text).toMatch(/not accepted/);
    expect((await refusal(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), "logo.txt")).text).toMatch(/web-page/);
  });

  it("refuses an HTML page named .pdf and a PDF that is also a web page", async () => {
    expect((await refusal(htmlPage, "report.pdf")).text).toMatch(/report\.pdf.*web-page/);
    expect((await refusal(await polyglotPdf(), "report.pdf")).text).toMatch(/report\.pdf.*web-page/);
  });

  it("refuses a name that disagrees with the content", async () => {
    expect((await refusal(pngFile, "chart.pdf")).text).toMatch(/chart\.pdf.*PNG/);
    expect((await refusal(textFile, "notes.docx")).text).toMatch(/notes\.docx.*TXT/);
  });

  it("refuses a ZIP bomb dressed as a DOCX and an archive that is no office document", async () => {
    const bomb = await refusal(docxBomb(), "minutes.docx");
    expect(bomb.status).toBe(413);
    expect(bomb.text).toMatch(/minutes\.docx/);
    const plainZip = zipOf([{ name: "a.txt", data: Buffer.from("hello") }]);
    expect((await refusal(plainZip, "minutes.docx")).text).toMatch(/not accepted/);
  });

  it("refuses binary bytes that are no known type", async () => {
    expect((await refusal(Buffer.from([0, 1, 2, 3, 255, 254, 0, 7]), "data.txt")).text).toMatch(/not accepted/);
    expect((await refusal(Buffer.from([0xc3, 0x28, 0x41]), "bad.txt")).text).toMatch(/not accepted/);
  });

  it("refuses a path or control characters in a file name", () => {
    for (const name of ["../../etc/passwd", "C:\\docs\\a.pdf", "a/b.pdf", "..", "", "a\u0000.pdf"])
      expect(() => cleanFileName(name), name).toThrow(/file name/);
    expect(cleanFileName("  Stratégie nationale.pdf ")).toBe("Stratégie nationale.pdf");
  });
});
