/** Text helpers shared by the dialogs and the importers: matching that ignores case and diacritics. */

const EXTRA: Record<string, string> = { ł: 'l', Ł: 'l', ß: 'ss', đ: 'd', ø: 'o', æ: 'ae', œ: 'oe', ʼ: "'", '’': "'" };

/** Lower case, no diacritics (ą→a, ł→l; Cyrillic keeps its letters, й→и), single spaces, trimmed. */
export function normalizeText(s: string): string {
  return s
    .replace(/[łŁßđøæœʼ’]/g, (c) => EXTRA[c] ?? c)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Words of a text after normalisation, punctuation removed. */
export function words(s: string): string[] {
  return normalizeText(s)
    .replace(/[^\p{L}\p{N}'\s-]/gu, ' ')
    .split(/[\s-]+/)
    .filter(Boolean);
}
