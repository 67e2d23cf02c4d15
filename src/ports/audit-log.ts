import type { AuditEntry } from '../domain/audit-entry.ts';

/** The operators' actions, append-only and capped (the oldest entries go first). */
export interface AuditLog {
  append(entry: AuditEntry): Promise<void>;
  /** Entries at or after `since` (epoch ms), oldest first: the newest `limit` of them. */
  list(options?: { since?: number; limit?: number }): Promise<AuditEntry[]>;
}
