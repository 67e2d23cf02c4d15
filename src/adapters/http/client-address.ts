import { isIP } from 'node:net';
import type { Context } from 'hono';

/**
 * The address a request's rate limit is counted against. By default the socket's: headers are
 * the client's to forge. Behind `hops` proxies (PUBLIC_PROXY_HOPS), the X-Forwarded-For entry
 * that many places from the right, which the nearest trusted proxy wrote (as Express's
 * `trust proxy` = n); fewer entries than that, the leftmost. IPv4-mapped addresses count as IPv4,
 * and IPv6 addresses by their /64 (one subscriber's whole allocation), or a client would get a
 * fresh bucket per address.
 */
export function clientAddress(c: Context, hops: number): string {
  const socket = socketAddress(c);
  if (hops === 0) return bucketOf(socket);
  const forwarded = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const chain = [socket, ...forwarded.reverse()];
  return bucketOf(chain[Math.min(hops, chain.length - 1)] ?? socket);
}

function socketAddress(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'unknown';
}

/** The rate-limit bucket of an address: itself (IPv4), its /64 (IPv6), or `unknown`. */
export function bucketOf(address: string): string {
  const plain = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/iu, '');
  const version = isIP(plain);
  if (version === 4) return plain;
  if (version !== 6) return 'unknown';
  return `${expandIPv6(plain).slice(0, 4).join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address (zone dropped, `::` filled, an IPv4 tail converted). */
function expandIPv6(address: string): string[] {
  let text = address.split('%')[0]!.toLowerCase();
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/u.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const fill = tail === undefined ? [] : Array(8 - left.length - right.length).fill('0');
  return [...left, ...fill, ...right].map((g) => g.replace(/^0+(?=.)/u, ''));
}
