/**
 * Scores the understanding step against the labelled corpus (test/fixtures/understanding/): a message is
 * answered right when the reply language, the intent, the category and the place named back are all right.
 * Russian messages count outside the per-language totals (answered in Ukrainian). Used by
 * `npm run eval:understanding` and by the accuracy test.
 */
import { normalizeText } from '../text.js';
import type { Locale } from '../i18n/index.js';
import type { Intent, Understanding, UnderstandingPort } from './understand.js';

export interface CorpusRow {
  text: string;
  lang: 'pl' | 'en' | 'uk' | 'ru';
  intent: Intent;
  category: string | null;
  place: string | null;
  first: boolean;
  from: string;
}

export interface RowResult {
  row: CorpusRow;
  u: Understanding;
  lang: boolean;
  intent: boolean;
  category: boolean;
  place: boolean;
  all: boolean;
}

export function parseCorpus(jsonl: string): CorpusRow[] {
  return jsonl
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as CorpusRow);
}

const placeKey = (s: string) =>
  normalizeText(s)
    .replace(/^(ul|os|al|pl|osiedle)\.?\s+/, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/** The labels the understanding would name back for its place. */
function namedBack(u: Understanding): string[] {
  const p = u.place;
  if (!p) return [];
  if (p.kind === 'point' || p.kind === 'vague') return [p.label];
  if (p.kind === 'ambiguous') return p.options.map((o) => o.label);
  if (p.kind === 'postcode_unknown' || p.kind === 'postcode_elsewhere') return [p.code];
  return [];
}

export function placeMatches(expected: string | null, u: Understanding): boolean {
  const got = namedBack(u).map(placeKey);
  if (expected === null) return got.length === 0;
  const want = placeKey(expected);
  return got.some((g) => g === want || g.startsWith(`${want} `) || want.startsWith(`${g} `) || g.includes(want));
}

/** The sender's prior as the contact would hold it: Telegram's language code, or the phone's country. */
export function senderOf(row: CorpusRow): { channel: 'sms' | 'telegram'; from: string; languageCode?: string; storedLocale: Locale } {
  if (row.from.startsWith('tg:')) {
    const code = row.from.slice(3);
    return { channel: 'telegram', from: '1000', languageCode: code, storedLocale: code === 'pl' ? 'pl' : code === 'en' ? 'en' : 'uk' };
  }
  const stored: Locale = row.from === '+48' ? 'pl' : row.from === '+380' ? 'uk' : 'en';
  return { channel: 'sms', from: `${row.from}600000000`, storedLocale: stored };
}

export async function evaluate(rows: CorpusRow[], port: UnderstandingPort, now = new Date('2026-12-01T10:00:00Z')): Promise<RowResult[]> {
  const out: RowResult[] = [];
  for (const row of rows) {
    const s = senderOf(row);
    const u = await port.understand({
      text: row.text,
      channel: s.channel,
      from: s.from,
      languageCode: s.languageCode,
      storedLocale: s.storedLocale,
      first: row.first,
      now,
    });
    const wantLocale = row.lang === 'ru' ? 'uk' : row.lang;
    const r = {
      row,
      u,
      lang: u.replyLocale === wantLocale,
      intent: u.intent === row.intent,
      category: (u.category ?? null) === row.category,
      place: placeMatches(row.place, u),
    };
    out.push({ ...r, all: r.lang && r.intent && r.category && r.place });
  }
  return out;
}

export interface Summary {
  n: number;
  lang: number;
  intent: number;
  category: number;
  place: number;
  all: number;
}

/** Accuracy (0..1) per language (pl, en, uk; ru apart) and overall. */
export function summarise(results: RowResult[]): Record<string, Summary> {
  const groups: Record<string, RowResult[]> = { all: results };
  for (const r of results) (groups[r.row.lang] ??= []).push(r);
  const out: Record<string, Summary> = {};
  for (const [k, rs] of Object.entries(groups)) {
    const share = (f: (r: RowResult) => boolean) => rs.filter(f).length / rs.length;
    out[k] = {
      n: rs.length,
      lang: share((r) => r.lang),
      intent: share((r) => r.intent),
      category: share((r) => r.category),
      place: share((r) => r.place),
      all: share((r) => r.all),
    };
  }
  return out;
}

/** Intent confusion: expected → got → count. */
export function confusion(results: RowResult[]): Map<string, Map<string, number>> {
  const m = new Map<string, Map<string, number>>();
  for (const r of results) {
    const row = m.get(r.row.intent) ?? new Map<string, number>();
    row.set(r.u.intent, (row.get(r.u.intent) ?? 0) + 1);
    m.set(r.row.intent, row);
  }
  return m;
}

export function formatReport(name: string, results: RowResult[]): string {
  const s = summarise(results);
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const lines = [
    `## ${name} (${results.length} messages)`,
    '',
    '| language | n | reply language | intent | category | place | all right |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const k of ['pl', 'en', 'uk', 'ru', 'all']) {
    const v = s[k];
    if (v) lines.push(`| ${k} | ${v.n} | ${pct(v.lang)} | ${pct(v.intent)} | ${pct(v.category)} | ${pct(v.place)} | ${pct(v.all)} |`);
  }
  const c = confusion(results);
  const intents = [...new Set([...c.keys(), ...[...c.values()].flatMap((m) => [...m.keys()])])].sort();
  lines.push(
    '',
    `Intent confusion (rows: labelled, columns: understood)`,
    '',
    `| | ${intents.map((i) => i.slice(0, 6)).join(' | ')} |`,
    `| --- |${intents.map(() => ' ---: |').join('')}`,
  );
  for (const e of intents) {
    const row = c.get(e);
    if (!row) continue;
    lines.push(`| ${e} | ${intents.map((g) => row.get(g) ?? '').join(' | ')} |`);
  }
  return lines.join('\n');
}
