import { Hono } from 'hono';
import type { Readiness } from '../../core/operate/check-readiness.ts';
import { OperatorError } from '../../core/operate/operator-error.ts';
import type { PrometheusMetrics } from '../metrics/create-metrics.ts';

export type { Readiness };

export interface HttpDeps {
  readiness(): Promise<Readiness>;
  metrics: Pick<PrometheusMetrics, 'registry'>;
  /** Refreshes gauges (queue sizes, pauses) just before a scrape. */
  refreshGauges(): Promise<void>;
  /** Extra routes (the admin API), mounted when configured. */
  mount?: (app: Hono) => Promise<void>;
  /** Set up before any route (the public page's headers, which every response must carry). */
  before?: (app: Hono) => Promise<void>;
  /** Reports an unexpected error (logged without request headers, so no token). */
  onError?: (error: Error) => void;
}

/** Health, readiness and metrics endpoints (hono). */
export async function createHttpApp(deps: HttpDeps): Promise<Hono> {
  const app = new Hono();
  await deps.before?.(app);
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    const readiness = await deps.readiness();
    return c.json(
      { status: readiness.ready ? 'ready' : 'unavailable', reason: readiness.reason, ...readiness.detail },
      readiness.ready ? 200 : 503,
    );
  });
  app.get('/metrics', async (c) => {
    await deps.refreshGauges().catch(() => undefined);
    const body = await deps.metrics.registry.metrics();
    return c.body(body, 200, { 'content-type': deps.metrics.registry.contentType });
  });
  await deps.mount?.(app);
  app.notFound((c) => c.json({ error: 'not found' }, 404));
  app.onError((error, c) => {
    if (error instanceof OperatorError) return c.json({ error: error.message }, error.status);
    deps.onError?.(error);
    return c.json({ error: 'internal error' }, 500);
  });
  return app;
}
