import type { AuditEntry } from '../../domain/audit-entry.ts';
import { redactUrlsIn } from '../../domain/redact-url.ts';
import type { OperatorContext } from './operator-context.ts';
import { OperatorError } from './operator-error.ts';

interface PlatformLine {
  platform: string;
  status?: string;
  paused?: boolean;
  reason?: string;
  error?: string;
}

/** How an action's result reads in the audit log: refused or failed when any platform was, with a one-line summary. */
function judge(result: unknown): Pick<AuditEntry, 'outcome' | 'detail'> {
  const lines = Array.isArray(result) ? (result as PlatformLine[]) : (result as { platforms?: PlatformLine[] } | undefined)?.platforms;
  if (!Array.isArray(lines)) {
    const status = (result as { status?: string } | undefined)?.status;
    return { outcome: 'ok', detail: status };
  }
  const said = (p: PlatformLine) => p.status ?? (p.paused === undefined ? 'done' : p.paused ? 'paused' : 'resumed');
  const detail = lines.map((p) => `${p.platform}: ${said(p)}${p.error ? ` (${p.error})` : p.status === 'refused' && p.reason ? ` (${p.reason})` : ''}`).join('; ');
  const outcome = lines.some((p) => p.status === 'failed') ? 'failed' : lines.some((p) => p.status === 'refused') ? 'refused' : 'ok';
  return { outcome, detail };
}

/**
 * Runs an operator action and appends it to the audit log with the actor, the time, the
 * arguments and how it ended (also when it was refused or broke; the error is thrown on).
 * Every operator action (repost, approve, reject, retract, pause, resume, retry) goes through
 * here, from the CLI and the admin API alike.
 */
export async function auditAction<T>(ctx: OperatorContext, action: string, args: Record<string, unknown>, run: () => Promise<T>): Promise<T> {
  const at = ctx.clock.now();
  // URLs in the arguments and the outcome are kept as they may be shown (no userinfo, no tokens).
  const shownArgs = JSON.parse(redactUrlsIn(JSON.stringify(args))) as Record<string, unknown>;
  const record = (entry: Pick<AuditEntry, 'outcome' | 'detail'>) =>
    ctx.stores.audit.append({ at, actor: ctx.actor, action, args: shownArgs, ...entry, detail: entry.detail === undefined ? undefined : redactUrlsIn(entry.detail) });
  let result: T;
  try {
    result = await run();
  } catch (error) {
    const outcome = error instanceof OperatorError ? 'refused' : 'failed';
    await record({ outcome, detail: (error as Error).message }).catch(() => undefined);
    throw error;
  }
  try {
    await record(judge(result));
  } catch (error) {
    throw new Error(`${action} was done, but the audit log could not be written: ${(error as Error).message}`);
  }
  return result;
}
