/**
 * `npm run eval:understanding`: accuracy of the understanding step on the labelled corpus, per language, with
 * the intent confusion table, on the dev sets (dev, dev2, …; dev3 and dev14 are the first two held-out sets, retired after
 * their scores had been reported several times) and the held-out sets (holdout3, measured three times; holdout4, measured once). `--failures` lists the dev sets' misses
 * (never a holdout's: it must not be tuned on).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createUnderstanding } from '../dialogs/understanding/understand.js';
import { evaluate, formatReport, parseCorpus } from '../dialogs/understanding/evaluate.js';
import { offlinePlaces } from '../bot/geo/offline-places.js';

const dir = join(import.meta.dirname, '..', 'test', 'fixtures', 'understanding');
const port = createUnderstanding({ places: offlinePlaces() });
const showFailures = process.argv.includes('--failures');
const sets = [
  'dev',
  'dev2',
  'dev3',
  'dev4',
  'dev5',
  'dev6',
  'dev7',
  'dev8',
  'dev9',
  'dev10',
  'dev11',
  'dev12',
  'dev13',
  'dev14',
  'dev15',
  'dev16',
  'dev17',
  'holdout3',
  'holdout4',
] as const;
const only = process.argv.find((a) => (sets as readonly string[]).includes(a));

for (const name of sets) {
  // The held-out set only when named (`npm run eval:understanding -- holdout3`): every look at it is counted.
  if (only ? only !== name : name.startsWith('holdout')) continue;
  const rows = parseCorpus(readFileSync(join(dir, `corpus.${name}.jsonl`), 'utf8'));
  const t0 = performance.now();
  const results = await evaluate(rows, port);
  const ms = (performance.now() - t0) / rows.length;
  console.log(formatReport(`corpus.${name}.jsonl`, results));
  console.log(`\n${ms.toFixed(2)} ms per message (including place finding)\n`);
  if (showFailures && !name.startsWith('holdout')) {
    for (const r of results.filter((x) => !x.all)) {
      const miss = [
        !r.lang && `lang ${r.u.replyLocale}≠${r.row.lang}`,
        !r.intent && `intent ${r.u.intent}≠${r.row.intent}`,
        !r.category && `cat ${r.u.category ?? '-'}≠${r.row.category ?? '-'}`,
        !r.place && `place ${r.u.place && 'label' in r.u.place ? r.u.place.label : (r.u.place?.kind ?? '-')}≠${r.row.place ?? '-'}`,
      ]
        .filter(Boolean)
        .join('; ');
      console.log(`${r.row.lang} ${r.row.from.padEnd(6)} ${miss} | ${r.row.text}`);
    }
  }
}
