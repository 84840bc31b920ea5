// Evidence files built in the test: a real PDF (pdfkit), tiny PNG and JPEG images, office documents as ZIP archives
// whose inner content type says what they are, and the hostile ones (a web page named .pdf, a PDF that is also a web
// page, a ZIP bomb dressed as a DOCX). Nothing here is shipped.
import PDFDocument from "pdfkit";
import { zipOf } from "./zip-bombs";

export function pdfFile(text = "Evidence: the national digital strategy, adopted 2025."): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ size: "A6", compress: false });
    const chunks: Buffer[] = [];
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.text(text);
    doc.end();
  });
}

/** A 1×1 PNG. */
export const pngFile = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

/** A tiny JPEG (JFIF header, 1×1). */
export const jpegFile = Buffer.from(
  "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=",
  "base64",
);

const ooxmlTypes = (main: string) =>
  Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="${main}"/></Types>`,
  );

export function docxFile(): Buffer {
  return zipOf([
    { name: "[Content_Types].xml", data: ooxmlTypes("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml") },
    {
      name: "word/document.xml",
      data: Buffer.from(
        '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Strategy</w:t></w:r></w:p></w:body></w:document>',
      ),
    },
  ]);
}

export function odtFile(): Buffer {
  return zipOf([
    { name: "mimetype", data: Buffer.from("application/vnd.oasis.opendocument.text") },
    {
      name: "content.xml",
      data: Buffer.from('<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>'),
    },
  ]);
}

/** A DOCX-looking archive whose document part inflates to `megabytes` MB of one byte (about 1000:1). */
export function docxBomb(megabytes = 60): Buffer {
  return zipOf([
    { name: "[Content_Types].xml", data: ooxmlTypes("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml") },
    { name: "word/document.xml", data: Buffer.alloc(megabytes * 1024 * 1024, 0x20) },
  ]);
}

export const htmlPage = Buffer.from("<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>");

/** A PDF whose first kilobyte is also a web page: a browser sniffing it would run the script. */
export async function polyglotPdf(): Promise<Buffer> {
  const pdf = await pdfFile();
  return Buffer.concat([pdf.subarray(0, 9), Buffer.from("%<html><script>alert(1)</script></html>\n"), pdf.subarray(9)]);
}

export const csvFile = Buffer.from("organisation,staff trained\nMinistry of Finance,42\nمؤسسة,7\n");
export const textFile = Buffer.from("Minutes of the steering committee, 12 March.\n");
