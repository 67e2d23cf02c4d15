import type { DoctorReport } from '../../core/operate/run-doctor.ts';

/** `herald doctor` for a person: one line per check, ✓ / ✗ (– when skipped), the fix under each ✗. */
export function formatDoctor(report: DoctorReport): string {
  const lines: string[] = [];
  for (const check of report.checks) {
    const mark = check.skipped ? '–' : check.ok ? '✓' : '✗';
    lines.push(`${mark} ${check.name}: ${check.detail}`);
    if (!check.ok && check.fix) lines.push(`    fix: ${check.fix}`);
  }
  const failed = report.checks.filter((c) => !c.ok).length;
  lines.push('', failed === 0 ? `All ${report.checks.length} checks passed.` : `${failed} of ${report.checks.length} checks failed.`);
  return `${lines.join('\n')}\n`;
}
