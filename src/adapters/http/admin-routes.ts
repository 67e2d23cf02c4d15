import { createHash, timingSafeEqual } from 'node:crypto';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import type { Queue } from 'bullmq';
import { auditAction } from '../../core/operate/audit-action.ts';
import { getStatus } from '../../core/operate/get-status.ts';
import type { OperatorContext } from '../../core/operate/operator-context.ts';
import type { DoctorReport } from '../../core/operate/run-doctor.ts';
import { OperatorError } from '../../core/operate/operator-error.ts';
import { pausePlatforms, resumePlatforms } from '../../core/operate/pause-platform.ts';
import { repostItem } from '../../core/operate/repost-item.ts';
import { retractItem } from '../../core/operate/retract-item.ts';
import { retryPublish } from '../../core/operate/retry-publish.ts';
import { approveItem, rejectItem } from '../../core/operate/review-held-item.ts';
import { PLATFORMS } from '../../domain/platform.ts';
import { parseSince } from '../parse-since.ts';
import { basicMatches, mountAdminLogin, sessionOpens, wantsPage } from './admin-session.ts';

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
  retract: z.strictObject({ item: z.string().min(1).max(2048), platforms: platformList, reason: z.string().trim().min(1, { error: 'say why (reason)' }).max(500) }),
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

/** Who calls, for the audit log: `admin-api` and the client's address (as the socket saw it). */
function actorOf(c: Context): string {
  let address: string | undefined;
  try {
    address = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress;
  } catch {
    address = undefined;
  }
  return `admin-api ${address ?? 'unknown'}`;
}

export interface AdminExtras {
  /** `GET /admin/doctor`: the checks of `herald doctor`, run by the service. */
  doctor?: () => Promise<DoctorReport>;
}

/** What the admin API reads without changing anything: the doctor's checks and the audit log. */
function mountReportRoutes(app: Hono, ctx: OperatorContext, extras: AdminExtras): void {
  app.get('/admin/doctor', async (c) => {
    if (!extras.doctor) return c.json({ error: 'the doctor is not available here' }, 404);
    return c.json(await extras.doctor());
  });
  app.get('/admin/audit', async (c) => {
    const since = parseSince(c.req.query('since'), ctx.clock.now());
    const limit = Math.min(1000, Math.max(1, Number(c.req.query('limit') ?? 100) || 100));
    return c.json({ entries: await ctx.stores.audit.list({ since, limit }) });
  });
}

/**
 * The admin API, mounted only when ADMIN_TOKEN is set: every route needs
 * `Authorization: Bearer <ADMIN_TOKEN>` (401 otherwise; the token is never logged), bodies
 * are capped at 16 kB, must be JSON objects (400 otherwise, nothing changed) and name only known
 * fields. Bull Board is at /admin/queues behind the same token, over `boardQueues`, read-only:
 * it watches the queues, it cannot add, edit, retry or pause anything (that goes through Herald's
 * own paths, where holds and the final text check apply). A browser signs in at /admin/login
 * (see admin-session.ts).
 * The service imports this module only when ADMIN_TOKEN is set (it and Bull Board weigh tens of MB).
 */
export function mountAdminRoutes(app: Hono, ctx: OperatorContext, token: string, boardQueues: readonly Queue[], extras: AdminExtras = {}): void {
  app.use('/admin/*', async (c, next) => {
    if (c.req.path === '/admin/login' || c.req.path === '/admin/logout') return next();
    const header = c.req.header('authorization');
    if (tokenMatches(header, token) || basicMatches(header, token) || sessionOpens(c, token, ctx.clock)) return next();
    // A browser opening Bull Board goes to the login page; scripts get the 401 that says what to send.
    if (/^\/admin\/queues(\/|$)/.test(c.req.path) && c.req.method === 'GET' && wantsPage(c)) return c.redirect('/admin/login', 303);
    return c.json({ error: 'unauthorized: send Authorization: Bearer <ADMIN_TOKEN> (or HTTP Basic with the token as password)' }, 401, {
      'www-authenticate': 'Bearer, Basic realm="Herald admin", charset="UTF-8"',
    });
  });
  app.use('/admin/*', bodyLimit({ maxSize: 16 * 1024, onError: (c) => c.json({ error: 'request body too large (16 kB at most)' }, 413) }));

  const body = async <T extends z.ZodType>(c: { req: { text(): Promise<string> } }, schema: T): Promise<z.infer<T>> => {
    const raw = await readJson(c);
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new OperatorError('invalid request: the body must be a JSON object');
    const parsed = schema.safeParse(raw);
    if (!parsed.success) throw new OperatorError(`invalid request: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}`);
    return parsed.data;
  };

  /** The operator context of this request (its actor), and the action run through the audit log. */
  const audited = <T>(c: Context, action: string, args: Record<string, unknown>, run: (ctx: OperatorContext) => Promise<T>) => {
    const own = { ...ctx, actor: actorOf(c) };
    return auditAction(own, action, args, () => run(own));
  };

  app.get('/admin/status', async (c) => c.json(await getStatus(ctx, Number(c.req.query('count') ?? 10) || 10)));
  app.post('/admin/repost', async (c) => {
    const req = await body(c, schemas.repost);
    const result = await audited(c, 'repost', req, (own) => repostItem(own, req.item, req.platforms, req.force));
    const refused = result.platforms.some((p) => p.status === 'refused');
    return c.json(result, refused ? 409 : 202);
  });
  app.post('/admin/pause', async (c) => {
    const req = await body(c, schemas.pause);
    const platforms = req.platform ? [req.platform] : req.platforms;
    return c.json({ platforms: await audited(c, 'pause', { platforms, reason: req.reason }, (own) => pausePlatforms(own, platforms, req.reason)) });
  });
  app.post('/admin/resume', async (c) => {
    const req = await body(c, schemas.resume);
    const platforms = req.platform ? [req.platform] : req.platforms;
    return c.json({ platforms: await audited(c, 'resume', { platforms }, (own) => resumePlatforms(own, platforms)) });
  });
  app.post('/admin/retry', async (c) => {
    const req = await body(c, schemas.key);
    return c.json(await audited(c, 'retry', req, (own) => retryPublish(own, req.key, req.platforms)));
  });
  app.post('/admin/approve', async (c) => {
    const { key } = await body(c, schemas.key);
    return c.json(await audited(c, 'approve', { key }, (own) => approveItem(own, key)));
  });
  app.post('/admin/reject', async (c) => {
    const { key } = await body(c, schemas.key);
    return c.json(await audited(c, 'reject', { key }, (own) => rejectItem(own, key)));
  });
  app.post('/admin/retract', async (c) => {
    const req = await body(c, schemas.retract);
    const result = await audited(c, 'retract', req, (own) => retractItem(own, req.item, req.platforms, req.reason));
    return c.json(result, result.platforms.some((p) => p.status === 'failed') ? 502 : 200);
  });
  mountReportRoutes(app, ctx, extras);
  mountAdminLogin(app, token, ctx.clock);

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
