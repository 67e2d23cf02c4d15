/** Why an item waits for a human (`herald approve` / `herald reject`) instead of going out. */
export type HoldReason = 'offsite-link' | 'burst';
