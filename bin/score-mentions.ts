// Score the mention classifier on a labelled file of test/fixtures/mentions/:
//   node bin/score-mentions.ts train-extra.tsv
//   node bin/score-mentions.ts --rules train-extra.tsv   (the lexicon rules alone, without the model)
// Prints a Markdown table (per language and overall); never the lines themselves, so a
// held-out file can be scored without being read.
import { classifyMention } from '../src/core/mentions/classify-mention.ts';
import { loadMentions, rulesSay, scoreMentions, scoreTable } from './mention-corpus.ts';

const rulesOnly = process.argv[2] === '--rules';
const files = process.argv.slice(rulesOnly ? 3 : 2);
if (files.length === 0) {
  process.stderr.write('usage: node bin/score-mentions.ts [--rules] <file.tsv>... (files of test/fixtures/mentions/)\n');
  process.exitCode = 2;
} else {
  const rows = files.flatMap((file) => loadMentions(file));
  const asks = rulesOnly ? rulesSay : (text: string) => classifyMention(text).asksOfficial;
  process.stdout.write(`${scoreTable(scoreMentions(rows, asks))}\n`);
}
