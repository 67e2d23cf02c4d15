/**
 * HTML named character references Herald decodes. The Latin-1 block (U+00A0–U+00FF) is listed in
 * code-point order so it can be generated; the rest are the ones that show up in blog titles.
 * Unknown names are left as written rather than guessed.
 */
const LATIN1_NAMES =
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn ' +
  'sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave ' +
  'Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ' +
  'ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN ' +
  'szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute ' +
  'icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml ' +
  'yacute thorn yuml';

const OTHER_NAMES: Record<string, number> = {
  amp: 0x26, lt: 0x3c, gt: 0x3e, quot: 0x22, apos: 0x27,
  OElig: 0x152, oelig: 0x153, Scaron: 0x160, scaron: 0x161, Yuml: 0x178, fnof: 0x192,
  circ: 0x2c6, tilde: 0x2dc, ensp: 0x2002, emsp: 0x2003, thinsp: 0x2009, zwnj: 0x200c,
  zwj: 0x200d, lrm: 0x200e, rlm: 0x200f, ndash: 0x2013, mdash: 0x2014, lsquo: 0x2018,
  rsquo: 0x2019, sbquo: 0x201a, ldquo: 0x201c, rdquo: 0x201d, bdquo: 0x201e, dagger: 0x2020,
  Dagger: 0x2021, bull: 0x2022, hellip: 0x2026, permil: 0x2030, prime: 0x2032, Prime: 0x2033,
  lsaquo: 0x2039, rsaquo: 0x203a, oline: 0x203e, frasl: 0x2044, euro: 0x20ac, trade: 0x2122,
  larr: 0x2190, uarr: 0x2191, rarr: 0x2192, darr: 0x2193, harr: 0x2194, rArr: 0x21d2,
  hArr: 0x21d4, minus: 0x2212, le: 0x2264, ge: 0x2265, ne: 0x2260, asymp: 0x2248,
  infin: 0x221e, hearts: 0x2665, check: 0x2713, star: 0x2606, nbhy: 0x2011,
};

const NAMED: ReadonlyMap<string, number> = new Map<string, number>([
  ...LATIN1_NAMES.split(' ').map((name, index): [string, number] => [name, 0xa0 + index]),
  ...Object.entries(OTHER_NAMES),
]);

/**
 * HTML maps numeric references 0x80–0x9F to Windows-1252, because that is what authors meant
 * when they typed `&#150;` for an en dash. Holes in the table fall through to U+FFFD.
 */
const WINDOWS_1252 = [
  0x20ac, 0, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152,
  0, 0x17d, 0, 0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161,
  0x203a, 0x153, 0, 0x17e, 0x178,
];

const REPLACEMENT = 0xfffd;

function decodeNumeric(digits: string, radix: number): string {
  const value = Number.parseInt(digits, radix);
  if (!Number.isFinite(value) || value === 0 || value > 0x10ffff) return String.fromCodePoint(REPLACEMENT);
  if (value >= 0xd800 && value <= 0xdfff) return String.fromCodePoint(REPLACEMENT);
  if (value >= 0x80 && value <= 0x9f) return String.fromCodePoint(WINDOWS_1252[value - 0x80] || REPLACEMENT);
  return String.fromCodePoint(value);
}

// Bounded quantifiers keep this linear on hostile input such as a million ampersands.
const REFERENCE = /&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,7})|([A-Za-z][A-Za-z0-9]{1,31}));/g;

/**
 * Decodes HTML character references exactly once.
 *
 * Why once: feed text reaches us already XML-decoded by the parser, and RSS titles are
 * conventionally HTML, so one more decode is the right amount. Decoding until nothing changes
 * would turn a deliberately double-escaped `&amp;lt;` into a tag. Numeric references that are
 * invalid (NUL, surrogates, out of range) become U+FFFD; unknown names stay as written.
 */
export function decodeHtmlEntities(input: string): string {
  if (!input.includes('&')) return input;
  return input.replace(REFERENCE, (whole, decimal?: string, hex?: string, name?: string) => {
    if (decimal !== undefined) return decodeNumeric(decimal, 10);
    if (hex !== undefined) return decodeNumeric(hex, 16);
    const codePoint = name === undefined ? undefined : NAMED.get(name);
    return codePoint === undefined ? whole : String.fromCodePoint(codePoint);
  });
}
