import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LANGUAGES_DIR, readLanguageFiles } from '../../config/language-files.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-languages-'));
  for (const code of ['en', 'ar']) {
    mkdirSync(join(dir, code));
    cpSync(join(LANGUAGES_DIR, code, 'templates.json'), join(dir, code, 'templates.json'));
  }
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Change ar/templates.json as parsed JSON. */
function editArabic(edit: (file: Record<string, Record<string, unknown>>) => void): string {
  const path = join(dir, 'ar', 'templates.json');
  const file = JSON.parse(readFileSync(path, 'utf8'));
  edit(file);
  writeFileSync(path, JSON.stringify(file));
  return path;
}

const errorOf = () => {
  try {
    readLanguageFiles(dir);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the broken language files were accepted');
};

describe('the language files loader', () => {
  it('reads every language directory, English first, with its direction (positive control)', () => {
    const files = readLanguageFiles(dir);
    expect(Object.keys(files)).toEqual(['en', 'ar']);
    expect(files.ar!.reply.direction).toBe('rtl');
    expect(files.en.reply.direction).toBe('ltr');
    expect(files.ar!.publicPage.checkAnyLink).toContain('{url}');
  });

  it('rejects a language directory without templates.json, naming the file', () => {
    rmSync(join(dir, 'ar', 'templates.json'));
    writeFileSync(join(dir, 'ar', 'lexicon.json'), '{}');
    expect(errorOf()).toBe(`${join(dir, 'ar', 'templates.json')} is missing: every language directory needs a templates.json (reply sentences and public page words; copy en/templates.json and translate it)`);
  });

  it('rejects a file that is not JSON, naming it', () => {
    writeFileSync(join(dir, 'ar', 'templates.json'), '{ "direction": "rtl", ');
    expect(errorOf()).toMatch(new RegExp(`^${join(dir, 'ar', 'templates.json')} is not valid JSON: `, 'u'));
  });

  it('rejects a missing or empty sentence, naming the file and the field', () => {
    const path = editArabic((file) => {
      delete file.reply!.unsure;
      (file.publicPage!.words as Record<string, string>).retracted = '  ';
    });
    const message = errorOf();
    expect(message.startsWith(`${path} is not a valid language file: `)).toBe(true);
    expect(message).toContain('reply.unsure: is missing');
    expect(message).toContain('publicPage.words.retracted: must be a non-empty sentence');
  });

  it('rejects a sentence that lost or misspelt its placeholder, naming the field and the placeholder', () => {
    editArabic((file) => {
      file.reply!.unofficial = 'لا — هذا ليس قناة رسمية.';
      file.publicPage!.checkAnyLink = 'تحقّق من أي رابط: {link}';
    });
    const message = errorOf();
    expect(message).toContain('reply.unofficial: must contain {subject} exactly once (found 0)');
    expect(message).toContain('publicPage.checkAnyLink: must contain {url} exactly once (found 0)');
    expect(message).toContain('publicPage.checkAnyLink: has the unknown placeholder {link} (allowed here: only {url})');
  });

  it('rejects an unknown direction and a misspelt field', () => {
    editArabic((file) => {
      file.direction = 'auto' as never;
      file.reply!.unsrue = file.reply!.unsure;
    });
    const message = errorOf();
    expect(message).toContain('direction: must be "ltr" or "rtl" (the direction the language is written in)');
    expect(message).toMatch(/reply: .*unsrue/u);
  });

  it('requires English, the fallback, and lower-case language codes as directory names', () => {
    rmSync(join(dir, 'en'), { recursive: true });
    expect(errorOf()).toMatch(/en\/templates\.json is missing: English is required/u);
    mkdirSync(join(dir, 'en'));
    cpSync(join(LANGUAGES_DIR, 'en', 'templates.json'), join(dir, 'en', 'templates.json'));
    mkdirSync(join(dir, 'Arabic'));
    expect(errorOf()).toMatch(/Arabic: a language directory is named by its lower-case ISO 639 code/u);
  });
});
