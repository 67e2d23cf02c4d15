import type { Command } from 'commander';
import { parseSince } from '../parse-since.ts';
import type { CliContext } from './cli-context.ts';

/** `herald audit [--since 7d] [--limit n] [--json]`: who paused, approved, retracted… what, and how it ended. */
export function registerAuditCommand(program: Command, cli: CliContext): void {
  program
    .command('audit')
    .description('the operators\' actions (repost, approve, reject, retract, pause, resume, retry): who, when, what, outcome')
    .option('--since <when>', 'a duration back from now (30m, 12h, 7d) or a date (2026-03-01)')
    .option('--limit <n>', 'at most this many entries (the newest)', '100')
    .option('--json', 'machine-readable output')
    .action(async (options: { since?: string; limit: string; json?: boolean }) => {
      const limit = Math.min(10_000, Math.max(1, Number(options.limit) || 100));
      const entries = await cli.withOperator((ctx) => ctx.stores.audit.list({ since: parseSince(options.since, ctx.clock.now()), limit }));
      if (options.json) return cli.json({ entries });
      if (entries.length === 0) cli.print('(no operator action recorded yet)');
      for (const e of entries) {
        cli.print(`${new Date(e.at).toISOString()}  ${e.actor}  ${e.action} ${JSON.stringify(e.args)}  ${e.outcome}${e.detail ? `: ${e.detail}` : ''}`);
      }
    });
}
