import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { explainMention } from '../../core/mentions/classify-mention.ts';
import { parseSubject } from '../../core/mentions/parse-subject.ts';
import { verifySubject } from '../../core/mentions/verify-subject.ts';
import type { CliContext } from './cli-context.ts';

/**
 * `herald classify` (one mention per line on stdin → one JSON object per line) and
 * `herald verify <@handle|URL|domain>...` (one JSON object per argument): contracts other
 * tools call.
 */
export function runMentionTools(program: Command, cli: CliContext): void {
  program
    .command('classify')
    .description('read one mention text per line on stdin; print {"text","asksOfficial"} per line')
    .option('--explain', 'add "signals": the language, the lexicon entries and cues that fired, and what decided')
    .action(async (options: { explain?: boolean }) => {
      const lines = createInterface({ input: cli.io.stdin, crlfDelay: Number.POSITIVE_INFINITY });
      for await (const text of lines) {
        const { asksOfficial, signals } = explainMention(text);
        cli.json(options.explain === true ? { text, asksOfficial, signals } : { text, asksOfficial });
      }
    });

  program
    .command('verify')
    .description('check handles, URLs or domains against the official channels; print {"input","verdict","reason","of"} per argument')
    .argument('<subjects...>', '@handle, @user@instance, URL or domain')
    .action((inputs: string[]) => {
      const channels = cli.config().officialChannels;
      for (const input of inputs) {
        const verdict = verifySubject(parseSubject(input) ?? { kind: 'unverifiable', why: 'unreadable' }, channels);
        cli.json({ input, verdict: verdict.verdict, reason: verdict.reason, of: verdict.of });
      }
    });
}
