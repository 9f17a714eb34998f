/**
 * A PNG opened for pdfkit without png-js's constructor, which copies the image data (IDAT) into
 * a JavaScript array one byte at a time: 88 ms of CPU and 80 MB of garbage for the 40 photos of
 * 40 generated articles (`--cpu-prof` and an allocation profile of `build --jobs 1`), and far
 * more for a real infographic of a few megabytes. The chunks are read here as png-js reads them,
 * into an object with png-js's prototype and fields, wrapped in pdfkit's PNG image, so that
 * pdfkit embeds (and, for an alpha channel, decodes) it as if it had opened it itself: the PDF's
 * bytes are the same. The files were checked when the article was validated
 * (src/validate/images.ts: signature, chunks, checksums), so this does not check them again.
 */

/** What pdfkit's PNG image holds: its label, the png-js image and the data it embeds. */
export interface PdfkitPngImage {
  label: string;
  image: object;
  width: number;
  height: number;
  imgData: Uint8Array;
  obj: null;
}

/** pdfkit's PNG image class and png-js's PNG class, by their prototypes. */
export interface PngPrototypes {
  readonly pdfkitImage: object;
  readonly png: object;
}

/** A 1×1 grey PNG: opening it once through pdfkit gives the two prototypes. */
export const ONE_PIXEL_PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==",
  "base64",
);

export function isPng(data: Uint8Array): boolean {
  return data[0] === 0x89 && data[1] === 0x50 && data[2] === 0x4e && data[3] === 0x47;
}

/** The prototypes of an image pdfkit opened from a PNG (`doc.openImage(ONE_PIXEL_PNG)`). */
export function pngPrototypes(opened: object): PngPrototypes {
  const image = (opened as { image?: unknown }).image;
  if (typeof image !== "object" || image === null) throw new Error("pdfkit's PNG image has no png-js image");
  return { pdfkitImage: Object.getPrototypeOf(opened) as object, png: Object.getPrototypeOf(image) as object };
}

/** `new PNGImage(data, label)` as pdfkit makes it, with png-js's fields read by `readPng`. */
export function openPng(data: Uint8Array, label: string, prototypes: PngPrototypes): PdfkitPngImage {
  const png = Object.assign(Object.create(prototypes.png) as object, readPng(data));
  const { width, height, imgData } = png;
  return Object.assign(Object.create(prototypes.pdfkitImage) as object, {
    label,
    image: png,
    width,
    height,
    imgData,
    obj: null,
  });
}

/** png-js's fields after its constructor (png-js 2.0), in its order and with its types. */
export interface PngFields {
  data: Uint8Array;
  pos: number;
  palette: number[];
  imgData: Uint8Array;
  transparency: { indexed?: number[]; grayscale?: number | undefined; rgb?: number[] };
  text: Record<string, string>;
  width: number;
  height: number;
  bits: number;
  colorType: number;
  compressionMethod: number;
  filterMethod: number;
  interlaceMethod: number;
  colors?: number;
  hasAlphaChannel: boolean;
  pixelBitlength: number;
  colorSpace?: string;
}

/** png-js's constructor, with the image data copied chunk by chunk instead of byte by byte. */
export function readPng(data: Uint8Array): PngFields {
  const fields: PngFields = {
    data,
    pos: 8,
    palette: [],
    imgData: new Uint8Array(0),
    transparency: {},
    text: {},
    width: 0,
    height: 0,
    bits: 0,
    colorType: 0,
    compressionMethod: 0,
    filterMethod: 0,
    interlaceMethod: 0,
    hasAlphaChannel: false,
    pixelBitlength: 0,
  };
  const idat: Uint8Array[] = [];
  let pos = 8;
  const bytes = (n: number): number[] => Array.from(data.subarray(pos, pos + n));
  for (;;) {
    if (pos + 8 > data.length) throw new Error("Incomplete or corrupt PNG file");
    const size = ((data[pos]! << 24) | (data[pos + 1]! << 16) | (data[pos + 2]! << 8) | data[pos + 3]!) >>> 0;
    const section = String.fromCharCode(data[pos + 4]!, data[pos + 5]!, data[pos + 6]!, data[pos + 7]!);
    pos += 8;
    switch (section) {
      case "IHDR": {
        const view = new DataView(data.buffer, data.byteOffset + pos, 13);
        fields.width = view.getUint32(0);
        fields.height = view.getUint32(4);
        fields.bits = view.getUint8(8);
        fields.colorType = view.getUint8(9);
        fields.compressionMethod = view.getUint8(10);
        fields.filterMethod = view.getUint8(11);
        fields.interlaceMethod = view.getUint8(12);
        break;
      }
      case "PLTE":
        fields.palette = bytes(size);
        break;
      case "IDAT":
        idat.push(data.subarray(pos, pos + size));
        break;
      case "tRNS":
        // png-js keeps the last tRNS of a colour type it knows (indexed padded to 255 entries).
        fields.transparency = {};
        if (fields.colorType === 3) {
          const indexed = bytes(size);
          while (indexed.length < 255) indexed.push(255);
          fields.transparency.indexed = indexed;
        } else if (fields.colorType === 0) fields.transparency.grayscale = data[pos];
        else if (fields.colorType === 2) fields.transparency.rgb = bytes(size);
        break;
      case "tEXt": {
        // Latin-1, one character a byte, as png-js reads it; decoded by Buffer, not by spreading
        // the bytes into String.fromCharCode as png-js does, which overflows the stack on a
        // text chunk of some hundred KB (a valid PNG: the build stopped with an internal error).
        const text = Buffer.from(data.buffer, data.byteOffset + pos, size);
        const nul = text.indexOf(0);
        fields.text[text.subarray(0, nul).toString("latin1")] = text.subarray(nul + 1).toString("latin1");
        break;
      }
      case "IEND": {
        const colors = [0, 3, 4].includes(fields.colorType) ? 1 : [2, 6].includes(fields.colorType) ? 3 : undefined;
        if (colors !== undefined) fields.colors = colors;
        fields.hasAlphaChannel = [4, 6].includes(fields.colorType);
        fields.pixelBitlength = fields.bits * ((colors ?? NaN) + (fields.hasAlphaChannel ? 1 : 0));
        if (colors === 1) fields.colorSpace = "DeviceGray";
        else if (colors === 3) fields.colorSpace = "DeviceRGB";
        const all = new Uint8Array(idat.reduce((n, part) => n + part.length, 0));
        let at = 0;
        for (const part of idat) {
          all.set(part, at);
          at += part.length;
        }
        fields.imgData = all;
        fields.pos = pos;
        return fields;
      }
      default:
        break;
    }
    pos += size + 4; // the chunk's data and its CRC
    if (pos > data.length) throw new Error("Incomplete or corrupt PNG file");
  }
}
