// Score the mention classifier on a labelled file of test/fixtures/mentions/:
//   node bin/score-mentions.ts train-extra.tsv
// Prints a Markdown table (per language and overall); never the lines themselves, so a
// held-out file can be scored without being read.
import { classifyMention } from '../src/core/mentions/classify-mention.ts';
import { loadMentions, scoreMentions, scoreTable } from './mention-corpus.ts';

const files = process.argv.slice(2);
if (files.length === 0) {
  process.stderr.write('usage: node bin/score-mentions.ts <file.tsv>... (files of test/fixtures/mentions/)\n');
  process.exitCode = 2;
} else {
  const rows = files.flatMap((file) => loadMentions(file));
  process.stdout.write(`${scoreTable(scoreMentions(rows, (text) => classifyMention(text).asksOfficial))}\n`);
}
