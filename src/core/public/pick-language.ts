/**
 * The language of the public page: `?lang=` when it names a supported one, else the first
 * supported language of `Accept-Language` by preference (`q`), else English. Only the primary
 * subtag counts (`pt-BR` → `pt`); a header of any length is read only so far.
 */
export function pickLanguage(query: string | undefined, acceptLanguage: string | undefined, supported: readonly string[]): string {
  const asked = query?.trim().toLowerCase();
  if (asked !== undefined && supported.includes(asked)) return asked;
  const ranges = (acceptLanguage ?? '')
    .slice(0, 512)
    .split(',')
    .slice(0, 32)
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/u.exec(p)?.[1]).find((v) => v !== undefined);
      return { language: tag.trim().toLowerCase().split('-')[0] ?? '', q: q === undefined ? 1 : Number(q), index };
    })
    .filter((r) => r.q > 0 && supported.includes(r.language))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranges[0]?.language ?? 'en';
}
