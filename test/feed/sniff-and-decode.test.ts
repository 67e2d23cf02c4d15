import { describe, expect, it } from 'vitest';
import { decodeFeedBody } from '../../src/adapters/feed/decode-feed-body.ts';
import { scanXmlProlog } from '../../src/core/feed/scan-xml-prolog.ts';
import { sniffFeedBody } from '../../src/adapters/feed/sniff-feed-body.ts';

describe('sniffFeedBody', () => {
  it.each([
    ['RSS with declaration', '<?xml version="1.0"?>\n<rss version="2.0">'],
    ['RSS with BOM and comment', '\uFEFF<?xml version="1.0"?><!-- generator --><rss>'],
    ['bare Atom', '  <feed xmlns="http://www.w3.org/2005/Atom">'],
    ['RSS 1.0', '<rdf:RDF xmlns:rdf="x">'],
    ['RSS 0.91 with public DOCTYPE', '<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape//DTD RSS 0.91//EN" "x.dtd"><rss version="0.91">'],
    ['stylesheet PI', '<?xml version="1.0"?><?xml-stylesheet href="/rss.xsl" type="text/xsl"?><rss>'],
  ])('accepts %s', (_name, body) => {
    expect(sniffFeedBody(body)).toEqual({ ok: true });
  });

  it.each([
    ['an HTML page', '<!DOCTYPE html><html>'],
    ['an HTML page', '<html><head>'],
    ['an HTML page', '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml">'],
    ['a JSON body', '{"error": true}'],
    ['a JSON body', '[1,2]'],
    ['an empty body', '  \n '],
    ['a body that is not markup', 'Service Unavailable'],
    ['an XML document whose root is <Error>', '<?xml version="1.0"?><Error><Code>AccessDenied</Code></Error>'],
  ])('refuses %s', (description, body) => {
    const result = sniffFeedBody(body);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.description).toContain(description);
  });
});

describe('scanXmlProlog', () => {
  it('spots an internal subset even after comments and PIs', () => {
    expect(scanXmlProlog('<?xml version="1.0"?><!-- x --><!DOCTYPE rss [<!ENTITY a "b">]><rss/>').hasInternalSubset).toBe(true);
    expect(scanXmlProlog('<!doctype rss SYSTEM "rss.dtd"><rss/>')).toMatchObject({ hasInternalSubset: false, doctypeName: 'rss', rootName: 'rss' });
  });
});

describe('decodeFeedBody', () => {
  const latin1 = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><rss><title>Caf\xe9</title></rss>', 'latin1');

  it('honours the XML declaration when the Content-Type has no charset', () => {
    expect(decodeFeedBody(latin1, 'application/rss+xml')).toContain('Café');
  });

  it('lets the Content-Type charset win over the declaration', () => {
    const utf8 = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><rss>é</rss>', 'utf8');
    expect(decodeFeedBody(utf8, 'text/xml; charset=UTF-8')).toContain('é');
  });

  it('lets a byte order mark win over everything', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<rss>é</rss>', 'utf16le')]);
    expect(decodeFeedBody(utf16, 'application/xml; charset=iso-8859-1')).toBe('<rss>é</rss>');
  });

  it('falls back to UTF-8 for unknown labels and ignores a UTF-16 claim read as ASCII', () => {
    const body = Buffer.from('<?xml version="1.0" encoding="UTF-16"?><rss>✓</rss>', 'utf8');
    expect(decodeFeedBody(body, 'application/xml; charset=klingon')).toContain('✓');
  });
});
