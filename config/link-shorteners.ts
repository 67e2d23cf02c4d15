/**
 * Hosts of well-known link shorteners. A shortened link hides where it leads, so Herald never
 * calls one official: it answers "I can't verify that" (or "lookalike" when the slug itself
 * carries an official name). Data, not logic: add a host when scammers start using it.
 */
export const LINK_SHORTENERS: readonly string[] = [
  'bit.ly', 'bitly.com', 'j.mp', 't.co', 'tinyurl.com', 'goo.gl', 'g.co', 'ow.ly', 'is.gd', 'v.gd',
  'buff.ly', 'rebrand.ly', 'rb.gy', 'cutt.ly', 't.ly', 'tiny.cc', 'tiny.one', 'shorturl.at', 's.id',
  'lnkd.in', 'dlvr.it', 'trib.al', 'soo.gd', 'bl.ink', 'short.io', 'shorte.st', 'adf.ly', 'clck.ru',
  'qr.ae', 'x.co', 'u.to', 'urlz.fr', 'lnk.to', 'linktr.ee', 'url.ie', 'ift.tt', 'fb.me', 'youtu.be',
  'amzn.to', 'surl.li', 'shorturl.asia', 'tinu.be', 'gg.gg', 'kutt.it', 'yourls.org', 'y2u.be',
];
