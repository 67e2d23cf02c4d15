import type { AuditEntry } from '../../domain/audit-entry.ts';
import type { AuditLog } from '../../ports/audit-log.ts';
import { copyValue } from './copy-value.ts';

export class MemoryAuditLog implements AuditLog {
  readonly #entries: AuditEntry[] = [];
  readonly #max: number;

  constructor(max = 10_000) {
    this.#max = max;
  }

  async append(entry: AuditEntry): Promise<void> {
    this.#entries.push(copyValue(entry));
    if (this.#entries.length > this.#max) this.#entries.splice(0, this.#entries.length - this.#max);
  }

  async list(options: { since?: number; limit?: number } = {}): Promise<AuditEntry[]> {
    const since = options.since ?? 0;
    return this.#entries
      .filter((e) => e.at >= since)
      .slice(-(options.limit ?? 100))
      .map(copyValue);
  }
}
