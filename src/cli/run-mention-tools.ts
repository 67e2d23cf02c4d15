import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import type { Config } from '../../config/load-config.ts';
import { classifyMention } from '../mentions/classify-mention.ts';
import { parseSubject } from '../mentions/parse-subject.ts';
import { verifySubject } from '../mentions/verify-subject.ts';

/**
 * `herald classify` (one mention per line on stdin → one JSON object per line) and
 * `herald verify <@handle|URL|domain>...` (one JSON object per argument): contracts other
 * tools call.
 */
export function runMentionTools(program: Command, loadConfig: () => Config): void {
  program
    .command('classify')
    .description('read one mention text per line on stdin; print {"text","asksOfficial"} per line')
    .action(async () => {
      const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
      for await (const text of lines) {
        const { asksOfficial } = classifyMention(text);
        process.stdout.write(`${JSON.stringify({ text, asksOfficial })}\n`);
      }
    });

  program
    .command('verify')
    .description('check handles, URLs or domains against the official channels; print {"input","verdict","reason","of"} per argument')
    .argument('<subjects...>', '@handle, @user@instance, URL or domain')
    .action((inputs: string[]) => {
      const channels = loadConfig().officialChannels;
      for (const input of inputs) {
        const verdict = verifySubject(parseSubject(input) ?? { kind: 'unverifiable', why: 'unreadable' }, channels);
        process.stdout.write(`${JSON.stringify({ input, verdict: verdict.verdict, reason: verdict.reason, of: verdict.of })}\n`);
      }
    });
}
