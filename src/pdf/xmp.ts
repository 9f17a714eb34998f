/**
 * The XMP metadata that repeats the document information dictionary, as PDF/A requires (each
 * Info entry equal to its XMP property). Replaces pdfkit's, which puts the strings in unescaped
 * (a `&` in a headline made the packet unreadable) and leaves out xmp:ModifyDate.
 */
export interface XmpInfo {
  readonly Title?: string;
  readonly Author?: string;
  readonly Subject?: string;
  readonly Keywords?: string;
  readonly Creator?: string;
  readonly Producer?: string;
  readonly CreationDate?: Date;
  readonly ModDate?: Date;
}

/** The rdf:Description elements for `info`, to go inside pdfkit's rdf:RDF. */
export function xmpInfo(info: XmpInfo): string {
  const lines: string[] = [];
  const xmp: string[] = [];
  if (info.CreationDate) xmp.push(`<xmp:CreateDate>${xmpDate(info.CreationDate)}</xmp:CreateDate>`);
  if (info.ModDate) xmp.push(`<xmp:ModifyDate>${xmpDate(info.ModDate)}</xmp:ModifyDate>`);
  if (info.Creator) xmp.push(`<xmp:CreatorTool>${escapeXml(info.Creator)}</xmp:CreatorTool>`);
  if (xmp.length) lines.push(description("xmlns:xmp", "http://ns.adobe.com/xap/1.0/", xmp));
  const dc: string[] = [];
  if (info.Title) dc.push(`<dc:title>${alt(info.Title)}</dc:title>`);
  if (info.Author) dc.push(`<dc:creator><rdf:Seq><rdf:li>${escapeXml(info.Author)}</rdf:li></rdf:Seq></dc:creator>`);
  if (info.Subject) dc.push(`<dc:description>${alt(info.Subject)}</dc:description>`);
  if (dc.length) lines.push(description("xmlns:dc", "http://purl.org/dc/elements/1.1/", dc));
  const pdf: string[] = [];
  if (info.Producer) pdf.push(`<pdf:Producer>${escapeXml(info.Producer)}</pdf:Producer>`);
  if (info.Keywords) pdf.push(`<pdf:Keywords>${escapeXml(info.Keywords)}</pdf:Keywords>`);
  if (pdf.length) lines.push(description("xmlns:pdf", "http://ns.adobe.com/pdf/1.3/", pdf));
  return lines.join("\n");
}

function description(attribute: string, namespace: string, properties: readonly string[]): string {
  return `<rdf:Description rdf:about="" ${attribute}="${namespace}">\n${properties.join("\n")}\n</rdf:Description>`;
}

function alt(text: string): string {
  return `<rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(text)}</rdf:li></rdf:Alt>`;
}

/** The date as the Info dictionary has it (whole seconds, UTC). */
function xmpDate(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/**
 * Text content for XML: the five markup characters as entities (five replacements need no
 * library), and the characters XML 1.0 cannot carry at all (controls but tab and line breaks,
 * lone surrogates) left out, so the packet stays readable whatever `paintPdf` is given; content
 * with them is already an error in validation (text/control-character, text/lone-surrogate).
 */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\P{Cc}\t\n\r]|\p{Cs}|[\ufffe\uffff]/gu, "")
    .replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
