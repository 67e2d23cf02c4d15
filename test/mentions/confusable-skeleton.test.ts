import { describe, expect, it } from 'vitest';
import { confusableSkeleton } from '../../src/core/mentions/confusable-skeleton.ts';

describe('confusableSkeleton', () => {
  it.each([
    ['SessionTechFΝD', 'SessionTechFND'], // Greek capital Nu
    ['ѕession', 'session'], // Cyrillic dze
    ['Sеssion', 'session'], // Cyrillic ie
    ['sessi0n_app', 'session_app'],
    ['SESSION', 'session'],
    ['𝐒𝐞𝐬𝐬𝐢𝐨𝐧', 'session'], // mathematical bold
    ['ｓｅｓｓｉｏｎ', 'session'], // full width
    ['sess\u200bion', 'session'], // zero-width space
    ['séssion', 'session'],
    ['sesslon', 'session'], // l for i
    ['rnodern', 'modem'], // rn for m
  ])('%s looks like %s', (a, b) => {
    expect(confusableSkeleton(a)).toBe(confusableSkeleton(b));
  });

  it.each([
    ['session', 'passion'],
    ['session', 'sessions'],
    ['getsession', 'gotsession'],
  ])('%s does not look like %s', (a, b) => {
    expect(confusableSkeleton(a)).not.toBe(confusableSkeleton(b));
  });
});
