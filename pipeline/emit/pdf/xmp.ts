/**
 * XMP metadata (ISO 16684-1) for the PDF's catalog: the same facts as the
 * Info dictionary, in the properties PDF/UA-1 reads (dc:title, the
 * pdfuaid:part identification) and that catalogues index (dc:language,
 * dc:creator). Written as an uncompressed UTF-8 packet, so that tools that
 * scan files for XMP find it. No clock, no random ids: the document and
 * instance ids are derived from the file identifier.
 */

export interface XmpFields {
  title: string
  /** Author(s), as in /Author. */
  creator?: string
  /** /Subject. */
  description?: string
  /** /Keywords as written there. */
  keywords?: string
  /** Document language (BCP 47), as /Lang. */
  language?: string
  /** /Producer: reprint and its version. */
  producer: string
  /** /Creator. */
  creatorTool: string
  /** CreationDate and ModDate (one date). */
  date: Date
  /** The file identifier (32 hex digits): the xmpMM ids. */
  id: string
}

const escapeXml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'))
    // Characters XML 1.0 cannot carry at all (C0 controls but tab and line ends).
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')

/** An XMP date: ISO 8601 to the second, in UTC (the Info dates are written in UTC too). */
export function xmpDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

function uuid(hex: string): string {
  const h = hex.toLowerCase().padEnd(32, '0').slice(0, 32)
  return `uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

/** The XMP packet as text. */
export function xmpPacket(fields: XmpFields): string {
  const date = xmpDate(fields.date)
  const lines: string[] = [
    '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '  <rdf:Description rdf:about=""',
    '    xmlns:dc="http://purl.org/dc/elements/1.1/"',
    '    xmlns:xmp="http://ns.adobe.com/xap/1.0/"',
    '    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"',
    '    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"',
    '    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">',
    '   <dc:format>application/pdf</dc:format>',
    `   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(fields.title)}</rdf:li></rdf:Alt></dc:title>`
  ]
  if (fields.creator) lines.push(`   <dc:creator><rdf:Seq><rdf:li>${escapeXml(fields.creator)}</rdf:li></rdf:Seq></dc:creator>`)
  if (fields.description) lines.push(`   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(fields.description)}</rdf:li></rdf:Alt></dc:description>`)
  if (fields.language) lines.push(`   <dc:language><rdf:Bag><rdf:li>${escapeXml(fields.language)}</rdf:li></rdf:Bag></dc:language>`)
  if (fields.keywords) lines.push(`   <pdf:Keywords>${escapeXml(fields.keywords)}</pdf:Keywords>`)
  lines.push(
    `   <pdf:Producer>${escapeXml(fields.producer)}</pdf:Producer>`,
    `   <xmp:CreatorTool>${escapeXml(fields.creatorTool)}</xmp:CreatorTool>`,
    `   <xmp:CreateDate>${date}</xmp:CreateDate>`,
    `   <xmp:ModifyDate>${date}</xmp:ModifyDate>`,
    `   <xmp:MetadataDate>${date}</xmp:MetadataDate>`,
    `   <xmpMM:DocumentID>${uuid(fields.id)}</xmpMM:DocumentID>`,
    `   <xmpMM:InstanceID>${uuid(fields.id)}</xmpMM:InstanceID>`,
    '   <pdfuaid:part>1</pdfuaid:part>',
    '  </rdf:Description>',
    ' </rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="w"?>'
  )
  return lines.join('\n')
}
