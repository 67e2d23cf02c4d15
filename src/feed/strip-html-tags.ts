/** Elements whose boundaries separate words, so removing them must leave a space behind. */
const BLOCK_ELEMENTS = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'dd', 'div', 'dl', 'dt', 'figcaption',
  'figure', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav',
  'ol', 'p', 'pre', 'section', 'table', 'td', 'th', 'tr', 'ul',
]);

/** Elements whose content is never text a reader should see. */
const HIDDEN_CONTENT = new Set(['script', 'style', 'template', 'noscript']);

const TAG_NAME = /^\/?([A-Za-z][A-Za-z0-9:-]*)/;

/**
 * Finds terminators with a cache so that a hostile input with thousands of unterminated
 * openers (`<!--<!--<!--…`) costs one scan per terminator, not one per opener.
 */
function makeFinder(text: string): (needle: string, from: number) => number {
  const lastHit = new Map<string, number>();
  return (needle, from) => {
    const cached = lastHit.get(needle);
    if (cached !== undefined && (cached === -1 || cached >= from)) return cached;
    const found = text.indexOf(needle, from);
    lastHit.set(needle, found);
    return found;
  };
}

/** Lower-cases ASCII only, so indices stay aligned with the original string. */
function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (run) => run.toLowerCase());
}

/**
 * Removes HTML markup from a title, keeping its text.
 *
 * Why a scanner instead of a regex: titles are attacker-controlled and naive tag regexes go
 * quadratic on inputs like `<a<a<a…`; this runs in linear time. It follows what a browser would
 * show closely enough for a one-line title: tags and comments vanish, block-level boundaries
 * become spaces, `script`/`style` content is dropped, CDATA markers are unwrapped so HTML inside
 * them is stripped too, and a `<` that does not start a tag (`1 < 2`) is kept as text.
 */
export function stripHtmlTags(input: string): string {
  if (!input.includes('<')) return input;
  const text = input.replaceAll('<![CDATA[', '').replaceAll(']]>', '');
  const lower = asciiLower(text);
  const find = makeFinder(lower);
  let out = '';
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('<', i);
    if (open === -1) {
      out += text.slice(i);
      break;
    }
    out += text.slice(i, open);
    if (lower.startsWith('<!--', open)) {
      const end = find('-->', open + 4);
      i = end === -1 ? text.length : end + 3;
      continue;
    }
    const next = text[open + 1] ?? '';
    if (next === '!' || next === '?') {
      const end = find('>', open + 2);
      i = end === -1 ? text.length : end + 1;
      continue;
    }
    const name = TAG_NAME.exec(text.slice(open + 1, open + 42))?.[1]?.toLowerCase();
    const close = name === undefined ? -1 : find('>', open + 1);
    if (name === undefined || close === -1) {
      out += '<';
      i = open + 1;
      continue;
    }
    const isClosing = next === '/';
    if (BLOCK_ELEMENTS.has(name)) out += ' ';
    i = close + 1;
    if (!isClosing && HIDDEN_CONTENT.has(name)) {
      const end = find(`</${name}`, i);
      if (end === -1) break;
      const endClose = find('>', end);
      i = endClose === -1 ? text.length : endClose + 1;
    }
  }
  return out;
}
