import { createHash, timingSafeEqual } from 'node:crypto';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import type { Queue } from 'bullmq';
import { getStatus } from '../../core/operate/get-status.ts';
import type { OperatorContext } from '../../core/operate/operator-context.ts';
import { OperatorError } from '../../core/operate/operator-error.ts';
import { pausePlatforms, resumePlatforms } from '../../core/operate/pause-platform.ts';
import { repostItem } from '../../core/operate/repost-item.ts';
import { retryPublish } from '../../core/operate/retry-publish.ts';
import { approveItem, rejectItem } from '../../core/operate/review-held-item.ts';
import { PLATFORMS } from '../../domain/platform.ts';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Compares a presented bearer token with the configured one in constant time. */
export function tokenMatches(header: string | undefined, token: string): boolean {
  const presented = /^Bearer (.+)$/i.exec(header ?? '')?.[1] ?? '';
  // Hashing first makes both sides the same length, so timingSafeEqual applies and the
  // comparison time says nothing about the token.
  return timingSafeEqual(digest(presented), digest(token));
}

const platform = z.enum(PLATFORMS);
const platformList = z.array(platform).min(1).default([...PLATFORMS]);
/**
 * Every body is a strict object: an unknown field is refused, so no route takes text to post
 * (a repost names an item; what goes out is always the item's own title and link).
 */
const schemas = {
  repost: z.strictObject({ item: z.string().min(1).max(2048), platforms: platformList, force: z.boolean().default(false) }),
  pause: z.strictObject({ platforms: platformList, platform: platform.optional(), reason: z.string().max(500).default('paused through the admin API') }),
  resume: z.strictObject({ platforms: platformList, platform: platform.optional() }),
  key: z.strictObject({ key: z.string().min(1).max(256), platforms: platformList }),
};

/** The request body as JSON, or a 400 saying why: a body that cannot be read never means "the defaults". */
async function readJson(c: { req: { text(): Promise<string> } }): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') throw new OperatorError('invalid request: the body is empty; send a JSON object ({} for the defaults)');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new OperatorError(`invalid request: the body is not valid JSON (${(error as Error).message}); nothing was changed`);
  }
}

/** Bull Board's pages and reads only: its write routes (add a job, edit one, concurrency, pause…) are refused. */
const READ_ONLY_METHODS = new Set(['GET', 'HEAD']);

/**
 * The admin API, mounted only when ADMIN_TOKEN is set: every route needs
 * `Authorization: Bearer <ADMIN_TOKEN>` (401 otherwise; the token is never logged), bodies
 * are capped at 16 kB, must be JSON objects (400 otherwise, nothing changed) and name only known
 * fields. Bull Board is at /admin/queues behind the same token, over `boardQueues`, read-only:
 * it watches the queues, it cannot add, edit, retry or pause anything (that goes through Herald's
 * own paths, where holds and the final text check apply).
 * The service imports this module only when ADMIN_TOKEN is set (it and Bull Board weigh tens of MB).
 */
export function mountAdminRoutes(app: Hono, ctx: OperatorContext, token: string, boardQueues: readonly Queue[]): void {
  app.use('/admin/*', async (c, next) => {
    if (!tokenMatches(c.req.header('authorization'), token)) {
      return c.json({ error: 'unauthorized: send Authorization: Bearer <ADMIN_TOKEN>' }, 401, { 'www-authenticate': 'Bearer' });
    }
    await next();
  });
  app.use('/admin/*', bodyLimit({ maxSize: 16 * 1024, onError: (c) => c.json({ error: 'request body too large (16 kB at most)' }, 413) }));

  const body = async <T extends z.ZodType>(c: { req: { text(): Promise<string> } }, schema: T): Promise<z.infer<T>> => {
    const raw = await readJson(c);
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new OperatorError('invalid request: the body must be a JSON object');
    const parsed = schema.safeParse(raw);
    if (!parsed.success) throw new OperatorError(`invalid request: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}`);
    return parsed.data;
  };

  app.get('/admin/status', async (c) => c.json(await getStatus(ctx, Number(c.req.query('count') ?? 10) || 10)));
  app.post('/admin/repost', async (c) => {
    const req = await body(c, schemas.repost);
    const result = await repostItem(ctx, req.item, req.platforms, req.force);
    const refused = result.platforms.some((p) => p.status === 'refused');
    return c.json(result, refused ? 409 : 202);
  });
  app.post('/admin/pause', async (c) => {
    const req = await body(c, schemas.pause);
    return c.json({ platforms: await pausePlatforms(ctx, req.platform ? [req.platform] : req.platforms, req.reason, 'admin-api') });
  });
  app.post('/admin/resume', async (c) => {
    const req = await body(c, schemas.resume);
    return c.json({ platforms: await resumePlatforms(ctx, req.platform ? [req.platform] : req.platforms) });
  });
  app.post('/admin/retry', async (c) => {
    const req = await body(c, schemas.key);
    return c.json(await retryPublish(ctx, req.key, req.platforms));
  });
  app.post('/admin/approve', async (c) => c.json(await approveItem(ctx, (await body(c, schemas.key)).key)));
  app.post('/admin/reject', async (c) => c.json(await rejectItem(ctx, (await body(c, schemas.key)).key)));

  app.use('/admin/queues/*', async (c, next) => {
    if (!READ_ONLY_METHODS.has(c.req.method)) {
      return c.json({ error: 'the dashboard is read-only: act through the herald command or the admin API' }, 405, { allow: 'GET, HEAD' });
    }
    await next();
  });
  const board = new HonoAdapter(serveStatic);
  createBullBoard({ queues: boardQueues.map((q) => new BullMQAdapter(q, { readOnlyMode: true })), serverAdapter: board });
  board.setBasePath('/admin/queues');
  app.route('/admin/queues', board.registerPlugin());
}
