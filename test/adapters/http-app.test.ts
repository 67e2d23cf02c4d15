import { Queue } from 'bullmq';
import type { Hono } from 'hono';
import { Redis } from 'ioredis';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { mountAdminRoutes } from '../../src/adapters/http/admin-routes.ts';
import { createHttpApp } from '../../src/adapters/http/create-http-app.ts';
import type { CredentialState } from '../../src/core/operate/check-credentials-at-start.ts';
import { checkReadiness } from '../../src/core/operate/check-readiness.ts';
import { refreshGauges } from '../../src/core/operate/refresh-gauges.ts';
import type { Item } from '../../src/domain/item.ts';
import { markPosted } from '../../src/domain/ledger-entry.ts';
import { HardStopError } from '../../src/domain/platform-errors.ts';
import { ScriptedPublisher } from '../helpers/scripted-publisher.ts';
import { type CoreWorld, coreWorld } from '../helpers/core-world.ts';
import { cleanupPrefix, TEST_REDIS_URL, testPrefix } from '../helpers/redis-prefix.ts';

const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';

/** Every non-comment line of Prometheus text exposition format: name{labels} value. */
const SAMPLE = /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? -?(\d+(\.\d+)?(e[+-]?\d+)?|NaN|\+Inf|-Inf)( \d+)?$/i;

function parsePrometheus(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('# HELP ') || line.startsWith('# TYPE ')) continue;
    if (!SAMPLE.test(line)) throw new Error(`not Prometheus text: ${line}`);
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

const doctorReport = { ok: false, checks: [{ name: 'redis persistence', ok: false, detail: 'appendonly no', fix: 'Set appendonly yes' }] };

const item: Item = {
  id: '00000000000000a1',
  identity: 'https://session.foundation/blog/http-1',
  title: 'HTTP post 1',
  link: 'https://session.foundation/blog/http-1',
  feedUrl: 'https://session.foundation/rss.xml',
  firstSeenAt: new Date().toISOString(),
  status: 'announced',
};

describe('the HTTP app (health, readiness, metrics, admin API), without a socket', () => {
  let world: CoreWorld;
  let app: Hono;
  let workersStopped: string[];
  let credentials: Record<string, CredentialState> = {};
  // Bull Board needs BullMQ queue objects (it only reads them when its pages ask).
  const prefix = testPrefix();
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: null });
  const board = new Queue('publish-x', { connection: redis, prefix });
  const request = (path: string, init: RequestInit = {}, token: string | null = ADMIN_TOKEN) =>
    app.request(path, { ...init, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) } });
  const post = (path: string, body: unknown, token?: string | null) => request(path, { method: 'POST', body: JSON.stringify(body) }, token);

  const build = async (adminToken: string | undefined) => {
    const { stores, control, metrics } = world;
    app = await createHttpApp({
      readiness: () =>
        checkReadiness({ ...stores, config: world.config, started: () => true, storeReachable: async () => true, stoppedWorkers: () => workersStopped, credentials: () => credentials }),
      metrics,
      refreshGauges: () => refreshGauges({ metrics, control, platforms: stores.platforms, items: stores.items }),
      mount: adminToken ? async (hono) => mountAdminRoutes(hono, world.ctx, adminToken, [board], { doctor: async () => doctorReport }) : undefined,
      onError: (error) => world.log.error({ error: error.message }, 'HTTP request failed'),
    });
  };

  afterAll(async () => {
    await board.close();
    redis.disconnect();
    await cleanupPrefix(prefix);
  });
  beforeEach(async () => {
    world = coreWorld({ ADMIN_TOKEN });
    workersStopped = [];
    await world.stores.items.record([{ item, normalisedLink: item.link }]);
    await world.stores.ledger.set(item.id, 'mastodon', markPosted('text', { remoteId: '9' }, world.clock.now()));
    await build(ADMIN_TOKEN);
  });

  it('/healthz answers; /readyz says ready with paused platforms, or 503 with the reason', async () => {
    expect(await (await app.request('/healthz')).json()).toEqual({ status: 'ok' });
    await world.stores.platforms.setPause('x', { reason: 'incident 42', since: 1 });
    const ready = await app.request('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', paused: { x: { reason: 'incident 42' } }, failingFeeds: [] });
    workersStopped = ['publish-x'];
    const down = await app.request('/readyz');
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ status: 'unavailable', reason: 'workers not running: publish-x' });
  });

  it('/metrics is Prometheus text with the gauges refreshed and the counters the core moved', async () => {
    world.metrics.postsTotal.inc({ platform: 'x', outcome: 'posted' });
    await world.stores.platforms.setPause('mastodon', { reason: 'r', since: 1 });
    const metrics = parsePrometheus(await (await app.request('/metrics')).text());
    expect(metrics.get('herald_posts_total{platform="x",outcome="posted"}')).toBe(1);
    expect(metrics.get('herald_platform_paused{platform="x"}')).toBe(0);
    expect(metrics.get('herald_platform_paused{platform="mastodon"}')).toBe(1);
    expect(metrics.has('herald_queue_jobs{queue="publish-x",state="waiting"}')).toBe(true);
    expect(metrics.get('herald_items_held')).toBe(0);
    expect(metrics.has('process_resident_memory_bytes')).toBe(true);
  });

  it('admin routes need the token; bodies are capped; the token is never logged', async () => {
    expect((await request('/admin/status', {}, null)).status).toBe(401);
    expect((await request('/admin/status', {}, 'wrong-token-wrong-token-wrong')).status).toBe(401);
    const status = await request('/admin/status');
    expect(status.status).toBe(200);
    expect(((await status.json()) as { items: unknown[] }).items).toHaveLength(1);
    expect((await request('/admin/queues', {}, null)).status).toBe(401);
    const html = await request('/admin/queues');
    expect(html.status).toBe(200);
    expect(await html.text()).toMatch(/<html/i);
    expect((await post('/admin/pause', { reason: 'x'.repeat(20_000) })).status).toBe(413);
    expect(JSON.stringify(world.logs)).not.toContain(ADMIN_TOKEN);
  });

  it('repost over the admin API, with the 10-minute guard (409) and --force (202)', async () => {
    const soon = await post('/admin/repost', { item: 'latest', platforms: ['mastodon'] });
    expect(soon.status).toBe(409);
    const forced = await post('/admin/repost', { item: 'latest', platforms: ['mastodon'], force: true });
    expect(forced.status).toBe(202);
    expect(world.queue.jobs('mastodon').map((j) => j.data.kind)).toEqual(['repost']);
    expect((await post('/admin/repost', { item: 'latest', platforms: ['mastodon'] })).status).toBe(409);
    expect(world.queue.jobs('x')).toEqual([]);
  });

  it('bad requests are 400/404 with a message; pause, resume and retry answer JSON', async () => {
    const bad = await post('/admin/repost', { item: 42 });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/invalid request: item/);
    expect((await post('/admin/repost', { item: 'nothing-like-this' })).status).toBe(404);
    expect(await (await post('/admin/pause', { platforms: ['x'], reason: 'incident' })).json()).toEqual({ platforms: [{ platform: 'x', paused: true, reason: 'incident' }] });
    expect(world.control.paused.has('x')).toBe(true);
    expect(await (await post('/admin/resume', { platform: 'x' })).json()).toEqual({ platforms: [{ platform: 'x', paused: false }] });
    expect(await (await post('/admin/retry', { key: item.id, platforms: ['x'] })).json()).toEqual({ key: item.id, platforms: [{ platform: 'x', status: 'not-failed', state: 'none' }] });
    expect((await app.request('/nope')).status).toBe(404);
  });

  it('holds bind the admin API: repost and retry of a held or rejected item are 409 naming herald approve, even forced', async () => {
    const held: Item = { ...item, id: '00000000000000a2', identity: 'https://session.foundation/blog/http-2', link: 'https://session.foundation/blog/http-2', status: 'held', holdReason: 'text-link' };
    const rejected: Item = { ...held, id: '00000000000000a3', identity: 'https://session.foundation/blog/http-3', link: 'https://session.foundation/blog/http-3', status: 'rejected' };
    await world.stores.items.record([held, rejected].map((i) => ({ item: i, normalisedLink: i.link })));
    for (const target of [held, rejected]) {
      for (const ref of [target.id, target.link]) {
        const repost = await post('/admin/repost', { item: ref, platforms: ['x', 'mastodon'], force: true });
        expect(repost.status, ref).toBe(409);
        expect(((await repost.json()) as { error: string }).error).toMatch(/herald approve/);
      }
      const retry = await post('/admin/retry', { key: target.id });
      expect(retry.status).toBe(409);
      expect(((await retry.json()) as { error: string }).error).toMatch(/herald approve/);
    }
    expect(world.queue.jobs('x')).toEqual([]);
    expect(world.queue.jobs('mastodon')).toEqual([]);
    expect((await post('/admin/repost', { item: item.id, platforms: ['x'], force: true })).status).toBe(202);
  });

  it('the dashboard only watches: every write route of Bull Board is refused, its reads answer', async () => {
    const queued = await board.add('announce', { kind: 'announce', title: 'Queued', link: 'https://session.foundation/blog/q' }, { jobId: 'board-1', delay: 3_600_000 });
    const before = { counts: await board.getJobCounts(), concurrency: await board.getGlobalConcurrency(), paused: await board.isPaused() };
    const api = '/admin/queues/api/queues';
    const writes: Array<[string, string, unknown]> = [
      ['POST', `${api}/publish-x/add`, { name: 'announce', data: { kind: 'announce', title: 'Claim at evil.example', link: 'https://session.foundation/x' }, options: {} }],
      ['PUT', `${api}/publish-x/concurrency`, { concurrency: 50 }],
      ['PUT', `${api}/pause`, {}],
      ['PUT', `${api}/publish-x/pause`, {}],
      ['PUT', `${api}/publish-x/empty`, {}],
      ['PUT', `${api}/publish-x/obliterate`, {}],
      ['PUT', `${api}/publish-x/rate-limit`, { duration: 60_000 }],
      ['PUT', `${api}/publish-x/promote`, {}],
      ['PUT', `${api}/publish-x/${queued.id}/promote`, {}],
      ['PUT', `${api}/publish-x/${queued.id}/clean`, {}],
      ['PATCH', `${api}/publish-x/${queued.id}/update-data`, { title: 'Claim at evil.example' }],
      ['PATCH', `${api}/publish-x/${queued.id}/delay`, { delay: 0 }],
      ['DELETE', `${api}/publish-x/${queued.id}`, undefined],
    ];
    for (const [method, path, payload] of writes) {
      const response = await request(path, { method, body: payload === undefined ? undefined : JSON.stringify(payload) });
      expect(response.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
      expect(response.status, `${method} ${path}`).toBeLessThan(500);
    }
    expect({ counts: await board.getJobCounts(), concurrency: await board.getGlobalConcurrency(), paused: await board.isPaused() }).toEqual(before);
    expect((await board.getJob('board-1'))?.data).toEqual(queued.data);
    expect(await board.getJobState('board-1')).toBe('delayed');
    // Positive control: the reads answer, and say the board is read-only.
    const list = await request(`${api}?activeQueue=publish-x&status=delayed&page=1&jobsPerPage=10`);
    expect(list.status).toBe(200);
    const body = (await list.json()) as { queues: Array<{ name: string; readOnlyMode: boolean }> };
    expect(body.queues).toEqual([expect.objectContaining({ name: 'publish-x', readOnlyMode: true })]);
    await queued.remove();
  });

  it('malformed JSON to an admin route is a 400 with a message, never the defaults', async () => {
    await post('/admin/pause', { platforms: ['x', 'mastodon'], reason: 'incident 7' });
    const broken = ['{"platforms": ["x"', 'not json at all', '', 'null', '[]', '"x"', '42'];
    for (const route of ['/admin/resume', '/admin/pause', '/admin/repost', '/admin/retry', '/admin/approve', '/admin/reject']) {
      for (const body of broken) {
        const response = await request(route, { method: 'POST', body });
        expect(response.status, `${route} ${JSON.stringify(body)}`).toBe(400);
        expect(((await response.json()) as { error: string }).error, route).toMatch(/JSON/);
      }
    }
    expect(world.control.paused).toEqual(new Set(['x', 'mastodon']));
    expect(await world.stores.platforms.pauseOf('x')).toMatchObject({ reason: 'incident 7' });
    expect(world.queue.jobs('x')).toEqual([]);
    // A body must say what it means: unknown fields (free text) are refused too.
    const extra = await post('/admin/repost', { item: 'latest', force: true, text: 'Claim your airdrop at evil.example' });
    expect(extra.status).toBe(400);
    expect(((await extra.json()) as { error: string }).error).toMatch(/text/);
    expect(world.queue.jobs('mastodon')).toEqual([]);
    // Positive control: a well-formed body still resumes.
    expect((await post('/admin/resume', {})).status).toBe(200);
    expect(world.control.paused).toEqual(new Set());
  });

  it('retract over the admin API (502 when a platform did not delete), and every action in GET /admin/audit with the caller', async () => {
    const from = (address: string) => ({ incoming: { socket: { remoteAddress: address } } });
    const call = (path: string, body: unknown, address: string) =>
      app.request(path, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` } }, from(address));
    expect((await call('/admin/retract', { item: item.id }, '10.0.0.5')).status).toBe(400);
    const mastodon = new ScriptedPublisher('mastodon');
    world.ctx.publishers.mastodon = mastodon;
    mastodon.failNext(new HardStopError('Mastodon refused deleting status 9 (403: forbidden).', 403));
    const failed = await call('/admin/retract', { item: item.id, reason: 'posted by mistake' }, '10.0.0.5');
    expect(failed.status).toBe(502);
    expect(await failed.json()).toMatchObject({ platforms: [{ platform: 'x', status: 'not-posted' }, { platform: 'mastodon', status: 'failed', error: expect.stringMatching(/403/) }, { platform: 'bluesky', status: 'not-posted' }] });
    const retracted = await call('/admin/retract', { item: item.id, reason: 'posted by mistake' }, '10.0.0.5');
    expect(retracted.status).toBe(200);
    expect(await retracted.json()).toMatchObject({ key: item.id, reason: 'posted by mistake', platforms: [{ platform: 'x', status: 'already-retracted' }, { platform: 'mastodon', status: 'already-gone' }, { platform: 'bluesky', status: 'already-retracted' }] });
    expect((await world.stores.ledger.get(item.id, 'mastodon'))?.retraction).toEqual({ by: 'admin-api 10.0.0.5', at: world.clock.now(), reason: 'posted by mistake' });
    await call('/admin/pause', { platforms: ['mastodon'], reason: 'incident 9' }, '192.0.2.1');
    expect((await call('/admin/repost', { item: item.id, force: true }, '192.0.2.1')).status).toBe(409);

    const audit = (await (await request('/admin/audit')).json()) as { entries: Array<{ actor: string; action: string; outcome: string; args: unknown }> };
    expect(audit.entries.map((e) => [e.actor, e.action, e.outcome])).toEqual([
      ['admin-api 10.0.0.5', 'retract', 'failed'],
      ['admin-api 10.0.0.5', 'retract', 'ok'],
      ['admin-api 192.0.2.1', 'pause', 'ok'],
      ['admin-api 192.0.2.1', 'repost', 'refused'],
    ]);
    expect(audit.entries[2]?.args).toEqual({ platforms: ['mastodon'], reason: 'incident 9' });
    world.clock.advance(3_600_000);
    expect(((await (await request('/admin/audit?since=30m')).json()) as { entries: unknown[] }).entries).toEqual([]);
    expect((await request('/admin/audit?since=whenever')).status).toBe(400);
    expect((await request('/admin/audit', {}, null)).status).toBe(401);
  });

  it('Bull Board opens in a browser: a login page takes the token and sets a Secure, HttpOnly, SameSite=Strict cookie for the dashboard only', async () => {
    const page = { accept: 'text/html,application/xhtml+xml' };
    const toLogin = await app.request('/admin/queues', { headers: page });
    expect(toLogin.status).toBe(303);
    expect(toLogin.headers.get('location')).toBe('/admin/login');
    const form = await app.request('/admin/login', { headers: page });
    expect(form.status).toBe(200);
    expect(await form.text()).toMatch(/<form method="post" action="\/admin\/login">[\s\S]*name="token"/);
    const login = (token: string) =>
      app.request('/admin/login', { method: 'POST', headers: { ...page, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token }).toString() });
    const wrong = await login('not-the-admin-token-at-all');
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    const right = await login(ADMIN_TOKEN);
    expect(right.status).toBe(303);
    expect(right.headers.get('location')).toBe('/admin/queues');
    const setCookie = right.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^herald_admin=\d+\.[0-9a-f]{64}; Max-Age=43200; Path=\/admin; HttpOnly; Secure; SameSite=Strict$/);
    expect(setCookie).not.toContain(ADMIN_TOKEN);
    const cookie = setCookie.split(';')[0]!;
    const board = await app.request('/admin/queues', { headers: { ...page, cookie } });
    expect(board.status).toBe(200);
    expect(await board.text()).toMatch(/<html/i);
    // The cookie opens the dashboard, nothing else: not the JSON routes, not a change.
    expect((await app.request('/admin/status', { headers: { cookie } })).status).toBe(401);
    expect((await app.request('/admin/pause', { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);
    expect((await app.request('/admin/queues', { headers: { ...page, cookie: `herald_admin=${world.clock.now() + 1e9}.${'0'.repeat(64)}` } })).status).toBe(303);
    world.clock.advance(12 * 3_600_000 + 1);
    expect((await app.request('/admin/queues', { headers: { ...page, cookie } })).status).toBe(303);
    const logout = await app.request('/admin/logout', { method: 'POST' });
    expect(logout.headers.get('set-cookie')).toMatch(/^herald_admin=; Max-Age=0/);
  });

  it('HTTP Basic with the token as password works on every admin route; a wrong one is 401 with the challenge', async () => {
    const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });
    expect((await app.request('/admin/status', { headers: basic('admin', ADMIN_TOKEN) })).status).toBe(200);
    expect((await app.request('/admin/queues', { headers: basic('', ADMIN_TOKEN) })).status).toBe(200);
    const wrong = await app.request('/admin/status', { headers: basic('admin', 'not-the-admin-token-at-all') });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toMatch(/Basic realm="Herald admin"/);
  });

  it('GET /admin/doctor answers the doctor\'s report, behind the token', async () => {
    expect((await request('/admin/doctor', {}, null)).status).toBe(401);
    const doctor = await request('/admin/doctor');
    expect(doctor.status).toBe(200);
    expect(await doctor.json()).toEqual(doctorReport);
  });

  it('/readyz shows each platform\'s credential state', async () => {
    credentials = { x: { state: 'failed', detail: 'X rejected the credentials (401)', fix: 'Copy the keys again' }, mastodon: { state: 'checking' } };
    expect(await (await app.request('/readyz')).json()).toMatchObject({ status: 'ready', credentials });
  });

  it('without ADMIN_TOKEN the admin routes do not exist', async () => {
    await build(undefined);
    expect((await request('/admin/status')).status).toBe(404);
    expect((await post('/admin/repost', {})).status).toBe(404);
    expect((await app.request('/healthz')).status).toBe(200);
  });
});
