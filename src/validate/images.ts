import { lstatSync, realpathSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";
// zlib's own CRC-32 (Node 20.15+): a JavaScript loop took 0.7-7.5 ms for a 130 KB photo, zlib 0.05-0.2.
import { crc32, deflateSync, inflateSync } from "node:zlib";
import { formatBytes, type FileProblem, type ProjectFiles } from "../core/projectFiles.js";

export type ImageKind = "png" | "jpeg";

export interface CheckedImage {
  readonly kind: ImageKind;
  readonly width: number;
  readonly height: number;
  /** What decoding it takes in memory: width × height × channels (PNG: plus a filter byte a row). */
  readonly decodedBytes: number;
  readonly data: Buffer;
}

/** Why an image file cannot be used, in words for the diagnostic. */
export class ImageProblem extends Error {
  constructor(
    readonly code:
      | "data/unsafe-path"
      | "data/bad-image"
      | "data/missing-file"
      | "data/image-too-large"
      | "data/images-over-budget"
      | FileProblem["code"],
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/**
 * The widest an image is ever shown: the text width of an A4 page (170 mm) at 300 dpi for print,
 * which is also more than twice the widest column the web page shows it in (CSS px).
 */
export const SHOWN_WIDTH_PX = 2000;

/**
 * Read an image the data names, refusing paths that leave the article's folder (`..`, absolute
 * paths, symlinks out), and check that the file really is a PNG or JPEG pdfkit can read: pdfkit
 * would otherwise crash the process on a corrupt PNG.
 */
export function readArticleImage(files: ProjectFiles, articleDir: string, file: string): CheckedImage {
  const dir = resolve(articleDir);
  if (isAbsolute(file) || file.includes("\\") || file.split("/").includes("..") || file.includes("\0")) {
    throw new ImageProblem(
      "data/unsafe-path",
      `Image path \`${file}\` must be relative and stay inside the article's folder`,
    );
  }
  const path = resolve(dir, file);
  if (!path.startsWith(dir + sep))
    throw new ImageProblem("data/unsafe-path", `Image path \`${file}\` leaves the article's folder`);
  if (!files.exists(path))
    throw new ImageProblem(
      "data/missing-file",
      `Image \`${file}\` does not exist in ${relative(process.cwd(), dir) || "."}`,
    );
  if (!/\.(png|jpe?g)$/i.test(file))
    throw new ImageProblem("data/bad-image", `Image \`${file}\` must be a .png, .jpg or .jpeg file`);
  // Bounded, and never a pipe or a device (see ProjectFiles); then confined to the article's folder.
  const read = files.read(path, "image");
  if (!read.ok) throw new ImageProblem(read.problem.code, read.problem.message, read.problem.hint);
  const real = realpathSync(path);
  if (!real.startsWith(realpathSync(dir) + sep) || lstatSync(path).isSymbolicLink()) {
    throw new ImageProblem("data/unsafe-path", `Image \`${file}\` is a link to a file outside the article's folder`);
  }
  const data = read.data;
  const maxPixels = files.limits.imagePixels;
  if (/\.png$/i.test(file)) return { kind: "png", data, ...checkPng(data, { file, maxPixels }) };
  return { kind: "jpeg", data, ...checkJpeg(data, { file, maxPixels }) };
}

type Checked = Pick<CheckedImage, "width" | "height" | "decodedBytes">;

/** Refused before anything is decoded: the header's size is over `limits.imagePixels`. */
function checkPixels(size: Checked, { file, maxPixels }: ImageFile): void {
  const pixels = size.width * size.height;
  if (pixels <= maxPixels) return;
  const megapixels = (n: number) => `${(n / 1e6).toFixed(n < 1e7 ? 1 : 0)} megapixels`;
  throw new ImageProblem(
    "data/image-too-large",
    `Image \`${file}\` is ${size.width} × ${size.height} (${megapixels(pixels)}), over the limit of ${megapixels(maxPixels)}; decoding it would take ${formatBytes(size.decodedBytes)}`,
    `A photo is never shown wider than about ${SHOWN_WIDTH_PX} px (the page's text width at 300 dpi): scale it down to that width, or raise limits.imagePixels in tilpress.config.json.`,
  );
}

/** An image being checked: its name as the data gives it, and the pixel limit. */
interface ImageFile {
  readonly file: string;
  readonly maxPixels: number;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

function checkPng(data: Buffer, image: ImageFile): Checked {
  const { file } = image;
  const bad = (why: string) => new ImageProblem("data/bad-image", `Image \`${file}\` is not a readable PNG: ${why}`);
  if (data.length < 33 || !data.subarray(0, 8).equals(PNG_SIGNATURE)) throw bad("no PNG signature");
  let pos = 8;
  let width = 0;
  let height = 0;
  let bitDepth = 0;
  let colorType = -1;
  let interlaced = false;
  let sawEnd = false;
  let palette = false;
  const idat: Buffer[] = [];
  while (pos + 12 <= data.length) {
    const length = data.readUInt32BE(pos);
    const type = data.toString("latin1", pos + 4, pos + 8);
    if (pos + 12 + length > data.length) throw bad(`chunk ${type} runs past the end of the file`);
    const body = data.subarray(pos + 8, pos + 8 + length);
    if (crc32(data.subarray(pos + 4, pos + 8 + length)) !== data.readUInt32BE(pos + 8 + length))
      throw bad(`chunk ${type} has a bad checksum`);
    if (type === "IHDR") {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      bitDepth = body[8]!;
      colorType = body[9]!;
      interlaced = body[12] === 1;
    } else if (type === "PLTE") palette = true;
    else if (type === "IDAT") idat.push(body);
    else if (type === "IEND") {
      sawEnd = true;
      break;
    }
    pos += 12 + length;
  }
  if (!width || !height || width > 20_000 || height > 20_000) throw bad("missing or implausible dimensions");
  const channels = CHANNELS[colorType];
  if (channels === undefined || ![1, 2, 4, 8, 16].includes(bitDepth)) throw bad("unknown colour type or bit depth");
  // Transparency the PDF cannot take as is (see pngForPdf): refuse rather than break the PDF.
  if ((colorType === 4 || colorType === 6) && (bitDepth !== 8 || interlaced))
    throw bad("transparent PNGs must be 8-bit and not interlaced");
  if (interlaced) throw bad("interlaced PNGs are not supported; save it without interlacing");
  // A palette image without its palette: browsers show nothing, the PDF a grey (PNG 11.2.3: required).
  if (colorType === 3 && !palette) throw bad("a palette image (colour type 3) has no PLTE chunk");
  if (colorType === 3 && hasTransparencyChunk(data))
    throw bad("palette PNGs with transparency are not supported; save it as RGBA or RGB");
  if (!sawEnd) throw bad("no IEND chunk (truncated file)");
  const expected = (Math.ceil((width * channels * bitDepth) / 8) + 1) * height;
  // The header's size first: a small file can claim (and inflate to) gigabytes.
  checkPixels({ width, height, decodedBytes: expected }, image);
  let pixels: Buffer;
  try {
    // Never more than the header promises, whatever the compressed stream holds.
    pixels = inflateSync(Buffer.concat(idat), { maxOutputLength: expected + 1 });
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE")
      throw bad(`image data is more than the ${expected} bytes expected`);
    throw bad("the image data does not decompress");
  }
  if (pixels.length !== expected) throw bad(`image data is ${pixels.length} bytes, ${expected} expected`);
  return { width, height, decodedBytes: expected };
}

function hasTransparencyChunk(data: Buffer): boolean {
  for (let pos = 8; pos + 12 <= data.length;) {
    const length = data.readUInt32BE(pos);
    if (data.toString("latin1", pos + 4, pos + 8) === "tRNS") return true;
    pos += 12 + length;
  }
  return false;
}

function checkJpeg(data: Buffer, image: ImageFile): Checked {
  const { file } = image;
  const bad = (why: string) => new ImageProblem("data/bad-image", `Image \`${file}\` is not a readable JPEG: ${why}`);
  if (data.length < 4 || data[0] !== 0xff || data[1] !== 0xd8) throw bad("no JPEG start marker");
  let pos = 2;
  while (pos + 4 <= data.length) {
    if (data[pos] !== 0xff) throw bad(`broken marker at byte ${pos}`);
    const marker = data[pos + 1]!;
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01 || marker === 0xff) {
      pos += marker === 0xff ? 1 : 2;
      continue;
    }
    const length = data.readUInt16BE(pos + 2);
    if (pos + 2 + length > data.length) throw bad("a segment runs past the end of the file");
    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the dimensions.
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      const height = data.readUInt16BE(pos + 5);
      const width = data.readUInt16BE(pos + 7);
      const components = data[pos + 9] ?? 3;
      if (!width || !height) throw bad("zero dimensions");
      const size = { width, height, decodedBytes: width * height * components };
      checkPixels(size, image);
      if (data[data.length - 2] !== 0xff || data[data.length - 1] !== 0xd9) throw bad("no end marker (truncated file)");
      return size;
    }
    if (marker === 0xda) break;
    pos += 2 + length;
  }
  throw bad("no frame header with the image size");
}

/**
 * pdfkit decodes PNGs with an alpha channel asynchronously, after the document has ended, so
 * the bytes come out truncated. Flatten such images onto white and hand pdfkit a plain RGB or
 * grey PNG it embeds at once. Only 8-bit grey+alpha and RGBA, not interlaced, are flattened;
 * `checkPng` refuses the rest.
 */
export function pngForPdf(data: Buffer): Buffer {
  const ihdr = data.subarray(16, 29);
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  const colorType = ihdr[9]!;
  if (colorType !== 4 && colorType !== 6) return data;
  const channels = colorType === 6 ? 4 : 2;
  const idat: Buffer[] = [];
  for (let pos = 8; pos + 12 <= data.length;) {
    const length = data.readUInt32BE(pos);
    if (data.toString("latin1", pos + 4, pos + 8) === "IDAT") idat.push(data.subarray(pos + 8, pos + 8 + length));
    pos += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const outChannels = channels - 1;
  const out = Buffer.alloc((width * outChannels + 1) * height);
  let prev = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = Buffer.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    unfilter(filter, line, prev, channels);
    const o = y * (width * outChannels + 1);
    out[o] = 0;
    for (let x = 0; x < width; x++) {
      const alpha = line[x * channels + channels - 1]! / 255;
      for (let c = 0; c < outChannels; c++)
        out[o + 1 + x * outChannels + c] = Math.round(line[x * channels + c]! * alpha + 255 * (1 - alpha));
    }
    prev = line;
  }
  const header = Buffer.from(ihdr);
  header[9] = colorType === 6 ? 2 : 0;
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk("IHDR", header),
    pngChunk("IDAT", deflateSync(out)),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

function unfilter(filter: number, line: Buffer, prev: Buffer, bpp: number): void {
  for (let i = 0; i < line.length; i++) {
    const a = i >= bpp ? line[i - bpp]! : 0;
    const b = prev[i]!;
    const c = i >= bpp ? prev[i - bpp]! : 0;
    let add = 0;
    if (filter === 1) add = a;
    else if (filter === 2) add = b;
    else if (filter === 3) add = (a + b) >> 1;
    else if (filter === 4) {
      const p = a + b - c;
      const pa = Math.abs(p - a);
      const pb = Math.abs(p - b);
      const pc = Math.abs(p - c);
      add = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
    line[i] = (line[i]! + add) & 0xff;
  }
}

function pngChunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
  return Buffer.concat([head, body, crc]);
}
