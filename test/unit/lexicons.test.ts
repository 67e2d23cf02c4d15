import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { LEXICONS, loadLexicons } from '../../config/lexicons.ts';

const dirs: string[] = [];

function languages(files: Record<string, unknown>): URL {
  const root = mkdtempSync(join(tmpdir(), 'herald-lexicons-'));
  dirs.push(root);
  for (const [code, content] of Object.entries(files)) {
    mkdirSync(join(root, code));
    writeFileSync(join(root, code, 'lexicon.json'), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return pathToFileURL(`${root}/`);
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('config/languages/<code>/lexicon.json', () => {
  it('ships sixteen lexicons, English first, each with authenticity words and question cues', () => {
    expect(LEXICONS.map((l) => l.code)).toEqual(['en', 'ar', 'de', 'es', 'fr', 'id', 'it', 'ja', 'ko', 'pl', 'pt', 'ru', 'tr', 'uk', 'vi', 'zh']);
    for (const lexicon of LEXICONS) {
      expect(lexicon.authenticity.length, lexicon.code).toBeGreaterThan(5);
      expect(lexicon.questionParticles.length + lexicon.questionOpeners.length + lexicon.questionEndings.length, lexicon.code).toBeGreaterThan(0);
      expect(lexicon.negative.length, lexicon.code).toBeGreaterThan(5);
    }
  });

  it('adding a language is adding one file: a minimal lexicon loads with every other list empty', () => {
    const loaded = loadLexicons(languages({ nl: { code: 'nl', name: 'Nederlands', authenticity: ['officieel', 'echt'] } }));
    expect(loaded).toHaveLength(1);
    expect(loaded[0]).toMatchObject({ code: 'nl', matching: 'words', authenticity: ['officieel', 'echt'], negative: [], questionParticles: [] });
  });

  it('a bad file is named with what is wrong and what to do', () => {
    expect(() => loadLexicons(languages({ nl: '{ not json' }))).toThrow(/config\/languages\/nl\/lexicon\.json is not valid JSON .*fix the file/);
    expect(() => loadLexicons(languages({ nl: { code: 'nl', name: 'Nederlands', authenticity: 'echt' } }))).toThrow(
      /config\/languages\/nl\/lexicon\.json is invalid: authenticity: /,
    );
    expect(() => loadLexicons(languages({ nl: { code: 'nl', name: 'Nederlands', autenticity: ['echt'] } }))).toThrow(/autenticity/);
    expect(() => loadLexicons(languages({ nl: { code: 'de', name: 'Nederlands' } }))).toThrow(/says code "de": it must be "nl", the folder's name/);
  });
});
