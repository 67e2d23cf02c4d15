import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FeedHostRequest, FeedHostStats } from './feed-host-child.ts';

export type { FeedHostStats };

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
type Payload = WithoutId<FeedHostRequest>;

/** The fake feed server in a child process, behind a byte-counting proxy (see feed-host-child.ts). */
export interface FeedHost {
  /** Base URL of the proxy in front of the fake feed. */
  url: string;
  feedUrl(path: string): string;
  setFeed(path: string, body: string, options?: { etag?: boolean; lastModified?: boolean }): Promise<void>;
  stats(): Promise<FeedHostStats>;
  close(): Promise<void>;
}

export async function startFeedHost(): Promise<FeedHost> {
  const child = fork(fileURLToPath(new URL('./feed-host-child.ts', import.meta.url)), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let nextId = 1;
  const pending = new Map<number, (reply: { stats?: FeedHostStats }) => void>();
  const url = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`feed host exited early (${code})`)));
    child.on('message', (message: { ready?: string; id?: number; stats?: FeedHostStats }) => {
      if (message.ready !== undefined) resolve(message.ready);
      else if (message.id !== undefined) {
        pending.get(message.id)?.(message);
        pending.delete(message.id);
      }
    });
  });
  const call = (payload: Payload) =>
    new Promise<{ stats?: FeedHostStats }>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, resolve);
      child.send({ ...payload, id }, (error) => {
        if (error) reject(error);
      });
    });
  return {
    url,
    feedUrl: (path) => `${url}${path}`,
    async setFeed(path, body, options = {}) {
      await call({ type: 'set', path, body, ...options });
    },
    async stats() {
      const reply = await call({ type: 'stats' });
      return reply.stats!;
    },
    async close() {
      if (!child.connected) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      await Promise.race([call({ type: 'close' }), exited]);
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
