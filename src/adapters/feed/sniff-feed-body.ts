import { scanXmlProlog } from '../../core/feed/scan-xml-prolog.ts';

/** `description` completes the sentence "answered with … and <description>, which is not a feed". */
export type SniffResult = { ok: true } | { ok: false; description: string };

/** Local names of the root elements rss-parser understands: RSS 0.9x/2.0, Atom, RSS 1.0 (RDF). */
const FEED_ROOTS = new Set(['rss', 'feed', 'rdf']);

/** How much of the body the sniff reads: a feed's prolog is a few hundred bytes. */
const SNIFF_WINDOW = 64 * 1024;

function quoteStart(text: string): string {
  const start = text.replace(/^\uFEFF/, '').trimStart().slice(0, 60).replace(/\p{C}/gu, ' ').replace(/\s+/g, ' ');
  return JSON.stringify(start);
}

/**
 * Decides whether a response body is worth handing to the XML parser.
 *
 * Why: when a feed moves or breaks, servers answer 200 with an HTML page, a login wall or a JSON
 * error. Parsing those wastes work and produces confusing parse errors; worse, a lenient parser
 * might find "items" in them. The sniff looks only at the prolog and the first element, and
 * accepts RSS 0.9x/2.0, Atom and RSS 1.0 roots (with or without an XML declaration or BOM).
 * When the prolog is too long to judge, the body is accepted and the parser decides.
 */
export function sniffFeedBody(text: string): SniffResult {
  const window = text.slice(0, SNIFF_WINDOW);
  if (window.replace(/^\uFEFF/, '').trim() === '') return { ok: false, description: 'an empty body' };
  const prolog = scanXmlProlog(window);
  const describe = (what: string): SniffResult => ({ ok: false, description: `${what} starting ${quoteStart(window)}` });
  if (prolog.nonMarkupStart !== undefined) {
    return describe(/^[[{]/.test(prolog.nonMarkupStart) ? 'a JSON body' : 'a body that is not markup,');
  }
  if (prolog.doctypeName?.toLowerCase() === 'html') return describe('an HTML page');
  if (prolog.rootName === undefined) return { ok: true };
  const localName = (prolog.rootName.split(':').pop() ?? '').toLowerCase();
  if (localName === 'html') return describe('an HTML page');
  if (!FEED_ROOTS.has(localName)) return describe(`an XML document whose root is <${prolog.rootName}>,`);
  return { ok: true };
}
