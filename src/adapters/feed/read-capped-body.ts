/** Outcome of reading a body under a size cap. */
export type CappedBody = { kind: 'complete'; bytes: Uint8Array } | { kind: 'too-large'; seenBytes: number };

/**
 * Reads a response body, giving up as soon as it passes `maxBytes`.
 *
 * Why stream and count: `fetch` decompresses gzip/deflate/br transparently, so the bytes seen
 * here are the decompressed ones — a 50 kB gzip bomb that inflates to 50 MB is stopped after
 * `maxBytes`, never buffered whole. A declared Content-Length over the cap (the wire size) is
 * refused before reading anything. Errors from the stream (the deadline's abort, a dropped
 * connection) propagate to the caller, which classifies them.
 */
export async function readCappedBody(response: Response, maxBytes: number): Promise<CappedBody> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => {});
    return { kind: 'too-large', seenBytes: declared };
  }
  if (response.body === null) return { kind: 'complete', bytes: new Uint8Array(0) };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      return { kind: 'too-large', seenBytes: total };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { kind: 'complete', bytes };
}
