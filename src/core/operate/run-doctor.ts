/**
 * One line of `herald doctor`: ✓ or ✗, what was found, and when it fails the fix in words.
 * `skipped`: not checked (nothing to check against, or not connected yet); it does not fail.
 */
export interface CheckResult {
  name: string;
  ok: boolean;
  skipped?: boolean;
  detail: string;
  fix?: string;
}

/**
 * A check is a small function; the doctor is a list of them, so another one (a third platform's
 * credentials, the configuration fingerprint) plugs in by being added to the list.
 */
export type DoctorCheck = () => Promise<CheckResult | CheckResult[]>;

export interface DoctorReport {
  /** True only when every check passed (skipped ones aside). */
  ok: boolean;
  checks: CheckResult[];
}

/** Runs every check at once (each has its own deadline) and reports them in the list's order. */
export async function runDoctor(checks: readonly DoctorCheck[], names: readonly string[] = []): Promise<DoctorReport> {
  const results = await Promise.all(
    checks.map(async (check, i): Promise<CheckResult[]> => {
      try {
        const result = await check();
        return Array.isArray(result) ? result : [result];
      } catch (error) {
        const name = names[i] ?? `check ${i + 1}`;
        return [{ name, ok: false, detail: `the check itself failed: ${(error as Error).message}`, fix: 'Report this as a bug in Herald, with the message.' }];
      }
    }),
  );
  const flat = results.flat();
  return { ok: flat.every((r) => r.ok), checks: flat };
}
