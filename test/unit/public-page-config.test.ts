import { describe, expect, it } from 'vitest';
import { type ConfigError, loadConfig } from '../../config/load-config.ts';
import { PUBLIC_PAGE_TEXT, publicPageText } from '../../config/public-page-text.ts';
import { pickLanguage } from '../../src/core/public/pick-language.ts';

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    return (error as ConfigError).problems;
  }
};

describe('the public page settings', () => {
  it('are off by default, and read when set', () => {
    expect(loadConfig({}).publicPage).toEqual({ enabled: false, baseUrl: undefined, checkBurst: 20, checkPerMinute: 10, proxyHops: 0, replyCheckUrl: undefined });
    const on = loadConfig({ PUBLIC_PAGE: 'true', PUBLIC_BASE_URL: 'https://herald.example.org/status/', PUBLIC_CHECK_BURST: '5', PUBLIC_CHECK_PER_MINUTE: '0.5', PUBLIC_PROXY_HOPS: '1', REPLY_CHECK_LINK: 'true' });
    expect(on.publicPage).toEqual({ enabled: true, baseUrl: 'https://herald.example.org/status', checkBurst: 5, checkPerMinute: 0.5, proxyHops: 1, replyCheckUrl: 'https://herald.example.org/status/check' });
  });

  it('refuse bad values, naming the variable and what it expects', () => {
    expect(problemsOf({ PUBLIC_PAGE: 'on' })).toEqual(['PUBLIC_PAGE must be true or false']);
    expect(problemsOf({ PUBLIC_BASE_URL: 'herald.example.org' })).toEqual(['PUBLIC_BASE_URL must be an http:// or https:// URL']);
    expect(problemsOf({ PUBLIC_BASE_URL: 'https://herald.example.org/?next=https://evil.example' })[0]).toMatch(/^PUBLIC_BASE_URL must be a plain http\(s\) address/);
    expect(problemsOf({ PUBLIC_CHECK_BURST: '0' })).toEqual(['PUBLIC_CHECK_BURST must be a whole number ≥ 1']);
    expect(problemsOf({ PUBLIC_CHECK_PER_MINUTE: '-1' })).toEqual(['PUBLIC_CHECK_PER_MINUTE must be a positive number']);
    expect(problemsOf({ PUBLIC_PROXY_HOPS: 'all' })).toEqual(['PUBLIC_PROXY_HOPS must be a whole number ≥ 0']);
    expect(problemsOf({ REPLY_CHECK_LINK: 'true' })).toEqual([
      'REPLY_CHECK_LINK=true needs PUBLIC_BASE_URL (the address visitors reach the public page at), or set REPLY_CHECK_LINK=false',
    ]);
  });
});

describe('the public page words', () => {
  it('exist for every language the replies speak, with every sentence and its placeholders', () => {
    const languages = Object.keys(loadConfig({}).replyTemplates.languages).sort();
    expect(Object.keys(PUBLIC_PAGE_TEXT).sort()).toEqual(languages);
    for (const [code, t] of Object.entries(PUBLIC_PAGE_TEXT)) {
      expect(t.lines.lookalike, code).toContain('{of}');
      for (const line of [t.lines.announcement, t.lines.retracted]) {
        expect(line, code).toContain('{title}');
        expect(line, code).toContain('{date}');
      }
      expect(t.checkAnyLink, code).toContain('{url}');
      expect(Object.values(t.words).every((w) => w.trim() !== ''), code).toBe(true);
      if (code !== 'en') expect(t.lines.officialAccount, code).not.toBe(PUBLIC_PAGE_TEXT.en.lines.officialAccount);
    }
    expect(publicPageText('xx')).toBe(PUBLIC_PAGE_TEXT.en);
    expect(publicPageText('__proto__')).toBe(PUBLIC_PAGE_TEXT.en);
  });

  it('are picked by ?lang=, then Accept-Language by preference, then English', () => {
    const all = Object.keys(PUBLIC_PAGE_TEXT);
    expect(pickLanguage('ja', 'de', all)).toBe('ja');
    expect(pickLanguage('klingon', 'pt-BR,pt;q=0.9,en;q=0.8', all)).toBe('pt');
    expect(pickLanguage(undefined, 'xx;q=1, ru;q=0.4, tr;q=0.7', all)).toBe('tr');
    expect(pickLanguage(undefined, 'de;q=0, fr;q=0.1', all)).toBe('fr');
    expect(pickLanguage(undefined, undefined, all)).toBe('en');
    expect(pickLanguage(undefined, `${'x,'.repeat(10_000)}de`, all)).toBe('en');
  });
});
