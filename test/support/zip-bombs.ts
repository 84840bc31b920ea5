// Hostile archives built in the test, byte by byte: a ZIP writer small enough to lie on purpose (declared sizes that
// differ from the data), and the bombs the upload checks must refuse. Nothing here is shipped.
import zlib from "node:zlib";

export interface ZipEntry {
  name: string;
  /** The entry's bytes; stored deflated. */
  data: Buffer;
  /** What the central directory claims the entry unpacks to (the truth when omitted). */
  declaredSize?: number;
}

/** A ZIP archive of the entries (deflate, no ZIP64). */
export function zipOf(entries: readonly ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, "utf8");
    const packed = zlib.deflateRawSync(entry.data, { level: 9 });
    const crc = zlib.crc32(entry.data);
    const size = entry.declaredSize ?? entry.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, packed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const contentTypes = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
);

/** A workbook-looking archive with one entry that inflates to `megabytes` MB of the same byte (about 1000:1). */
export function ratioBomb(megabytes = 50): Buffer {
  return zipOf([
    { name: "[Content_Types].xml", data: contentTypes },
    { name: "xl/worksheets/sheet1.xml", data: Buffer.alloc(megabytes * 1024 * 1024, 0x20) },
  ]);
}

/** An archive of `count` tiny entries. */
export function manyEntries(count: number): Buffer {
  return zipOf(Array.from({ length: count }, (_, i) => ({ name: `xl/part${i}.xml`, data: Buffer.from(`<p n="${i}"/>`) })));
}

/** An archive whose entries honestly unpack to `megabytes` MB in all, at a harmless ratio (incompressible bytes). */
export function bigUnpacked(megabytes: number): Buffer {
  const noise = Buffer.alloc(megabytes * 1024 * 1024);
  for (let i = 0, x = 2463534242; i < noise.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    noise[i] = x & 0xff;
  }
  return zipOf([
    { name: "[Content_Types].xml", data: contentTypes },
    { name: "xl/media/image1.bin", data: noise },
  ]);
}

/** A ratio bomb whose central directory lies: it claims a few kilobytes, so only the parser's own limits can stop it. */
export function lyingBomb(megabytes = 200): Buffer {
  const row = '<row><c t="inlineStr"><is><t>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa</t></is></c></row>';
  const rows = row.repeat(Math.ceil((megabytes * 1024 * 1024) / row.length));
  const sheet = Buffer.from(
    `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`,
  );
  return zipOf([
    { name: "[Content_Types].xml", data: contentTypes },
    { name: "xl/worksheets/sheet1.xml", data: sheet, declaredSize: 4096 },
  ]);
}
