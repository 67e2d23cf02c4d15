import { createHash } from 'node:crypto';

/**
 * The short, stable id of an item, derived from its identity (normalised guid, else link).
 * Hex only, so it is safe in BullMQ job ids (which must not contain `:`), Redis keys and
 * the CLI (`herald retry <key>`).
 */
export function itemId(identity: string): string {
  return createHash('sha256').update(identity).digest('hex').slice(0, 16);
}
