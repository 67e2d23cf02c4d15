/**
 * Herald's answer about one subject. `lookalike` is kept apart from `unofficial` because an
 * impersonation deserves a warning naming the real channel (`of`), not just a "no"; `former` is
 * a channel the Foundation no longer uses; `unsure` is what Herald cannot check (a post it could
 * not load, a shortened link, nothing to check at all) — answered "I can't verify that".
 */
export interface Verdict {
  verdict: 'official' | 'unofficial' | 'lookalike' | 'unsure' | 'former';
  /** Short fixed English explanation; never contains the subject itself. */
  reason: string;
  /** The official channel imitated (lookalikes only), e.g. '@SessionTechFND' or 'getsession.org'. */
  of?: string;
}

/** How alarming a verdict is: the worst of several subjects is the answer. */
const SEVERITY: Record<Verdict['verdict'], number> = { official: 0, unsure: 1, former: 2, unofficial: 3, lookalike: 4 };

/**
 * The most alarming of several verdicts (lookalike > unofficial > former > unsure > official;
 * first wins ties), so one impersonation or one unverifiable link among several subjects is
 * never hidden behind an "official" answer about another. Unknown verdicts count as unofficial.
 */
export function worstVerdict(verdicts: readonly Verdict[]): Verdict | undefined {
  let worst: Verdict | undefined;
  for (const v of verdicts) {
    if (worst === undefined || severity(v) > severity(worst)) worst = v;
  }
  return worst;
}

function severity(v: Verdict): number {
  return SEVERITY[v.verdict] ?? SEVERITY.unofficial;
}
