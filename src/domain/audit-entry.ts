/**
 * One operator action, as the audit log keeps it: who (CLI: OS user and host; admin API:
 * `admin-api` and the client address), when, what with which arguments, and how it ended.
 */
export interface AuditEntry {
  /** Epoch ms. */
  at: number;
  actor: string;
  /** repost, approve, reject, retract, pause, resume, retry, config-fingerprint… */
  action: string;
  args: Record<string, unknown>;
  /** `refused`: the request was understood and declined (a guard, an unknown item); `failed`: it broke. */
  outcome: 'ok' | 'refused' | 'failed';
  /** What happened, in words (the error, or a summary of the result). */
  detail?: string;
}
