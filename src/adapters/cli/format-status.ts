import type { StatusReport } from '../../core/operate/get-status.ts';

/** `herald status` for a person: latest items with their state per platform, then the machinery. */
export function formatStatus(report: StatusReport): string {
  const lines: string[] = [];
  lines.push('Platforms:');
  for (const [platform, p] of Object.entries(report.platforms)) {
    const paused = p.paused ? `PAUSED since ${p.paused.since} (${p.paused.reason})` : 'running';
    const limited = p.rateLimitedUntil ? `, rate-limited until ${p.rateLimitedUntil}` : '';
    lines.push(`  ${platform.padEnd(9)} ${p.mode}, ${paused}${limited}`);
  }
  const { prefix } = report;
  const differs = prefix.matchesThisConfiguration === false ? ' (NOT this configuration: herald doctor names the settings that differ)' : '';
  lines.push('', `Prefix ${prefix.name}: configuration ${prefix.fingerprint ?? 'not recorded yet'}${differs}, ${prefix.liveInstances} live instance(s)`);
  const x = report.spend.x;
  const money = (usd: number) => `$${usd.toFixed(3)}`;
  lines.push('', `X spend (UTC): today ${money(x.today.totalUsd)}, ${x.month} ${money(x.thisMonth.totalUsd)}`);
  const replies = x.replyBudget.waitingUntil ? `spent: replies wait until ${x.replyBudget.waitingUntil}` : 'replies go out';
  lines.push(`  reply budget ${money(x.replyBudget.spentUsd)} of ${money(x.replyBudget.limitUsd)} today (${replies})`);
  if (x.dailyBudget.limitUsd !== null) {
    const posts = x.dailyBudget.waitingUntil ? `reached: calls wait until ${x.dailyBudget.waitingUntil}` : 'not reached';
    lines.push(`  daily budget ${money(x.dailyBudget.limitUsd)} (${posts})`);
  }
  lines.push('', 'Feeds:');
  for (const feed of report.feeds) {
    const health = feed.consecutiveFailures > 0 ? `FAILING x${feed.consecutiveFailures}: ${feed.lastError} (next try ${feed.nextAttemptAt})` : 'ok';
    const wait = feed.nextPollNotBefore;
    const paced = wait !== null && wait.reason !== 'backoff' ? `  next poll not before ${wait.at} (the feed's ${wait.reason === 'max-age' ? 'Cache-Control: max-age' : 'Retry-After'})` : '';
    lines.push(`  ${feed.url}  last success ${feed.lastSuccessAt ?? 'never'}  ${health}${paced}`);
  }
  if (report.held.length > 0) {
    lines.push('', 'Held for approval (herald approve <key> / herald reject <key>):');
    for (const held of report.held) {
      lines.push(`  ${held.key}  ${held.reason ?? ''}  ${held.title}  ${held.link}`);
      if (held.detail !== undefined) lines.push(`    ${held.detail}`);
    }
  }
  lines.push('', 'Latest items:');
  if (report.items.length === 0) lines.push('  (none yet)');
  for (const item of report.items) {
    lines.push(`  ${item.key}  ${item.title}`);
    lines.push(`    ${item.link}  [${item.status}${item.holdReason ? `: ${item.holdReason}` : ''}]`);
    for (const [platform, s] of Object.entries(item.platforms)) {
      const retracted = s.retraction && `retracted by ${s.retraction.by} at ${s.retraction.at}: ${s.retraction.reason}${s.retraction.deleted ? '' : ' (NOT yet deleted: run herald retract again)'}`;
      const detail = [s.id && `id ${s.id}`, s.url, s.dryRun && 'dry run', retracted, s.reason].filter(Boolean).join(', ');
      lines.push(`    ${platform.padEnd(9)} ${s.state}${detail ? ` (${detail})` : ''}`);
    }
  }
  lines.push('', 'Queues:');
  for (const [name, counts] of Object.entries(report.queues)) {
    const shown = Object.entries(counts)
      .filter(([, n]) => n > 0)
      .map(([state, n]) => `${state} ${n}`)
      .join(', ');
    lines.push(`  ${name.padEnd(17)} ${shown || 'empty'}`);
  }
  return `${lines.join('\n')}\n`;
}
