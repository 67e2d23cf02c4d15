import type { Verdict } from './verify-subject.ts';

const SEVERITY: Record<Verdict['verdict'], number> = { official: 0, unofficial: 1, lookalike: 2 };

/**
 * The most alarming of several verdicts (lookalike > unofficial > official; first wins ties),
 * for callers that answer about every subject of a mention at once: one impersonation among
 * several links must not be hidden behind an "official" answer about another.
 */
export function worstVerdict(verdicts: readonly Verdict[]): Verdict | undefined {
  let worst: Verdict | undefined;
  for (const v of verdicts) {
    if (worst === undefined || (SEVERITY[v.verdict] ?? 1) > (SEVERITY[worst.verdict] ?? 1)) worst = v;
  }
  return worst;
}
