import { TextDecoder } from 'node:util';

const CHARSET_PARAM = /charset\s*=\s*["']?([\w.:-]+)/i;
const XML_ENCODING = /^<\?xml[^>]*?encoding\s*=\s*["']([\w.:-]+)["']/;

function makeDecoder(label: string | undefined): TextDecoder | undefined {
  if (label === undefined) return undefined;
  try {
    return new TextDecoder(label.toLowerCase());
  } catch {
    return undefined;
  }
}

/** A declaration we could read as ASCII cannot be telling the truth about UTF-16. */
function declaredEncoding(head: string): string | undefined {
  const label = XML_ENCODING.exec(head.trimStart())?.[1];
  return label !== undefined && /^utf-?16/i.test(label) ? undefined : label;
}

function bomEncoding(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

/**
 * Turns feed bytes into text, honouring the encoding the feed declares.
 *
 * Why not always UTF-8: older blogs still serve ISO-8859-1 or Windows-1252 feeds, and decoding
 * them as UTF-8 would post mojibake. Precedence follows the web's encoding sniffing: a byte
 * order mark, then the Content-Type charset, then the XML declaration, then UTF-8. Unknown
 * labels fall back to UTF-8; invalid sequences become U+FFFD (titles are cleaned later).
 */
export function decodeFeedBody(bytes: Uint8Array, contentType: string | null): string {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 256)).replace(/^\uFEFF|^\u00EF\u00BB\u00BF/, '');
  const decoder =
    makeDecoder(bomEncoding(bytes)) ??
    makeDecoder(CHARSET_PARAM.exec(contentType ?? '')?.[1]) ??
    makeDecoder(declaredEncoding(head)) ??
    new TextDecoder('utf-8');
  return decoder.decode(bytes);
}
