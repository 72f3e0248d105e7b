// Language-detection libraries on the dev corpus (non-Russian lines): `node bench/language-libraries.mjs`. cld is tried
// only if installed (native, node-gyp: not a dependency here). Results in bench/RESULTS.md.
import fs from 'node:fs';
import { eld } from 'eld';
import { franc } from 'franc-min';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
let cld;
try {
  cld = require('cld');
} catch {
  console.log('cld not installed (native addon): skipped');
}
const file = process.argv[2] ?? new URL('../test/fixtures/understanding/corpus.dev.jsonl', import.meta.url).pathname;
const rows = fs
  .readFileSync(file, 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l))
  .filter((r) => r.lang !== 'ru');
const t0 = performance.now();
await eld.load('medium');
console.log('eld load ms', (performance.now() - t0).toFixed(0));
const m3 = { pol: 'pl', eng: 'en', ukr: 'uk', rus: 'ru' };
const sub = eld.newInstance();
await sub.load('medium');
sub.setLanguageSubset(['pl', 'en', 'uk', 'ru']);
const dets = {
  'eld medium (all 60)': (t) => eld.detect(t).language,
  'eld medium (subset pl,en,uk,ru)': (t) => sub.detect(t).language,
  'franc-min (all)': (t) => m3[franc(t, { minLength: 1 })] ?? franc(t, { minLength: 1 }),
  'franc-min (only pol,eng,ukr,rus)': (t) => m3[franc(t, { minLength: 1, only: ['pol', 'eng', 'ukr', 'rus'] })] ?? 'und',
};
if (cld)
  dets['cld (native)'] = async (t) => {
    try {
      const r = await cld.detect(t, { isPlainText: true });
      return r.languages[0].code;
    } catch {
      return 'und';
    }
  };
for (const [name, f] of Object.entries(dets)) {
  const per = {};
  let ok = 0;
  const t = performance.now();
  for (const r of rows) {
    const g = await f(r.text);
    per[r.lang] ??= [0, 0];
    per[r.lang][1]++;
    if (g === r.lang) {
      per[r.lang][0]++;
      ok++;
    }
  }
  const ms = (performance.now() - t) / rows.length;
  console.log(
    name.padEnd(34),
    ((100 * ok) / rows.length).toFixed(1) + '%',
    Object.entries(per)
      .map(([k, [a, b]]) => `${k} ${((100 * a) / b).toFixed(0)}%`)
      .join(' '),
    (ms * 1000).toFixed(0) + ' µs/msg',
  );
}
