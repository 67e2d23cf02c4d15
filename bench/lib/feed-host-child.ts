/**
 * Child process of bench/lib/feed-host.ts: the fake feed server (test/fakes/fake-feed.ts)
 * behind a byte-counting TCP proxy, so that a benchmark measures the poller's own CPU and
 * the exact bytes on the wire (headers included).
 */
import net, { type AddressInfo } from 'node:net';
import { startFakeFeed } from '../../test/fakes/fake-feed.ts';

export type FeedHostRequest =
  | { id: number; type: 'set'; path: string; body: string; etag?: boolean; lastModified?: boolean }
  | { id: number; type: 'stats' }
  | { id: number; type: 'close' };

export interface FeedHostStats {
  /** Bytes the server sent (status line, headers, body), as seen by the proxy. */
  bytesDown: number;
  /** Bytes the client sent. */
  bytesUp: number;
  connections: number;
  requests: Array<{ path: string; status: number; at: number }>;
}

const feed = await startFakeFeed();
const upstreamPort = Number(new URL(feed.url).port);
let bytesDown = 0;
let bytesUp = 0;
let connections = 0;
const sockets = new Set<net.Socket>();

const proxy = net.createServer((client) => {
  connections += 1;
  const upstream = net.connect(upstreamPort, '127.0.0.1');
  sockets.add(client);
  sockets.add(upstream);
  client.on('data', (chunk: Buffer) => {
    bytesUp += chunk.length;
  });
  upstream.on('data', (chunk: Buffer) => {
    bytesDown += chunk.length;
  });
  const end = () => {
    client.destroy();
    upstream.destroy();
    sockets.delete(client);
    sockets.delete(upstream);
  };
  client.on('error', end).on('close', end);
  upstream.on('error', end).on('close', end);
  client.pipe(upstream);
  upstream.pipe(client);
});
await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;

process.on('message', async (message: FeedHostRequest) => {
  switch (message.type) {
    case 'set':
      feed.setFeed(message.path, message.body, { etag: message.etag ?? true, lastModified: message.lastModified ?? true });
      process.send?.({ id: message.id });
      return;
    case 'stats': {
      const stats: FeedHostStats = {
        bytesDown,
        bytesUp,
        connections,
        requests: feed.requests.map((r) => ({ path: r.path, status: r.status, at: r.at.getTime() })),
      };
      process.send?.({ id: message.id, stats });
      return;
    }
    case 'close':
      for (const socket of sockets) socket.destroy();
      proxy.close();
      await feed.close();
      process.send?.({ id: message.id }, () => process.exit(0));
      return;
  }
});
process.on('disconnect', () => process.exit(0));
process.send?.({ ready: url });
