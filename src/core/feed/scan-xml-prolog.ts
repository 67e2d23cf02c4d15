/** What the start of a document says about itself, read without parsing the document. */
export interface XmlProlog {
  /** Whether the text opens with `<?xml …?>` (after an optional BOM and whitespace). */
  hasXmlDeclaration: boolean;
  /** Name given by `<!DOCTYPE name …>`, if any (`html` betrays a web page). */
  doctypeName?: string;
  /** Whether the DOCTYPE carries an internal subset `[ … ]`, where entities are declared. */
  hasInternalSubset: boolean;
  /** Name of the first element (`rss`, `feed`, `rdf:RDF`, `html`…), if reached. */
  rootName?: string;
  /** The first non-space characters when they are not markup at all (JSON, plain text). */
  nonMarkupStart?: string;
}

const NAME = /^[A-Za-z_][\w.:-]*/;

/**
 * Reads the prolog of an XML document: declaration, comments, processing instructions and the
 * DOCTYPE, up to the first element.
 *
 * Why: two decisions need the prolog before any parser touches the body — whether a response
 * is a feed at all (an HTML error page or a JSON body is not) and whether it declares entities
 * (the vehicle of "billion laughs" and external-entity attacks, which Herald refuses outright).
 * Linear in the length of the prolog; stops early on anything unexpected.
 */
export function scanXmlProlog(text: string): XmlProlog {
  const result: XmlProlog = { hasXmlDeclaration: false, hasInternalSubset: false };
  let i = 0;
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  let first = true;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i] ?? '')) i += 1;
    if (i >= text.length) break;
    if (text[i] !== '<') {
      result.nonMarkupStart = text.slice(i, i + 40);
      break;
    }
    if (text.startsWith('<?', i)) {
      if (first && text.startsWith('<?xml', i)) result.hasXmlDeclaration = true;
      const end = text.indexOf('?>', i + 2);
      if (end === -1) break;
      i = end + 2;
    } else if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end === -1) break;
      i = end + 3;
    } else if (text.slice(i, i + 9).toUpperCase() === '<!DOCTYPE') {
      const rest = text.slice(i + 9, i + 9 + 4096);
      result.doctypeName = NAME.exec(rest.trimStart())?.[0];
      const bracket = rest.indexOf('[');
      const close = rest.indexOf('>');
      if (bracket !== -1 && (close === -1 || bracket < close)) {
        result.hasInternalSubset = true;
        break;
      }
      if (close === -1) break;
      i += 9 + close + 1;
    } else {
      result.rootName = NAME.exec(text.slice(i + 1, i + 200))?.[0];
      break;
    }
    first = false;
  }
  return result;
}
