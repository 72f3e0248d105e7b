// Compiles the product ahead of time into dist/ (plain `node` runs it: no TypeScript loader in production) and
// copies the files it reads at run time (gazetteer data, SQL migrations, the map's static assets) beside it.
//
//   node scripts/build.mjs              build now
//   node scripts/build.mjs --if-stale   build only when a source is newer than the last build (`npm start` does this)
//   --tolerate-type-errors              keep what TypeScript emitted despite type errors (the tests' global setup:
//                                       `npm run typecheck` reports them; a half-edited file must not stop the suite)
//
// Without TypeScript installed (a production install with --omit=dev), --if-stale keeps the existing build and says
// so; a plain build fails with a clear message.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const stamp = join(dist, '.build-stamp');
const SOURCES = ['bot', 'dialogs', 'prisma', 'web-map', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];
/** Read at run time relative to the compiled module, so they live beside it in dist/. */
const ASSETS = ['bot/geo/data', 'prisma/migrations', 'web-map/public'];

function newestMtime(path) {
  const s = statSync(path, { throwIfNoEntry: false });
  if (!s) return 0;
  if (!s.isDirectory()) return s.mtimeMs;
  let newest = s.mtimeMs;
  for (const name of readdirSync(path)) {
    if (name === 'node_modules') continue;
    newest = Math.max(newest, newestMtime(join(path, name)));
  }
  return newest;
}

function stale() {
  const built = statSync(stamp, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  return SOURCES.some((p) => newestMtime(join(root, p)) > built);
}

function typescript() {
  try {
    return join(dirname(createRequire(join(root, 'package.json')).resolve('typescript/package.json')), 'bin', 'tsc');
  } catch {
    return undefined;
  }
}

const ifStale = process.argv.includes('--if-stale');
if (ifStale && !stale()) process.exit(0);
const tsc = typescript();
if (!tsc) {
  if (ifStale && existsSync(stamp)) {
    console.warn('build: sources changed but TypeScript is not installed (production install?); running the existing build in dist/.');
    process.exit(0);
  }
  console.error('build: TypeScript is not installed. Run `npm install` (with dev dependencies) first.');
  process.exit(1);
}

const started = Date.now();
// Built beside dist/ and swapped in at the end, so a process running the old build (or a test run that started
// at the same time) never sees a half-written directory.
const next = `${dist}.next-${process.pid}`;
rmSync(next, { recursive: true, force: true });
const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', next], { stdio: 'inherit', cwd: root });
const tolerate = process.argv.includes('--tolerate-type-errors') && existsSync(join(next, 'bot', 'main.js'));
if (r.status !== 0 && tolerate) console.warn('build: TypeScript reported type errors (above); keeping the emitted JavaScript.');
else if (r.status !== 0) {
  console.error('build: TypeScript reported errors (above); dist/ was left as it was.');
  rmSync(next, { recursive: true, force: true });
  process.exit(r.status ?? 1);
}
for (const a of ASSETS) {
  if (!existsSync(join(root, a))) continue;
  mkdirSync(dirname(join(next, a)), { recursive: true });
  cpSync(join(root, a), join(next, a), { recursive: true });
}
writeFileSync(join(next, '.build-stamp'), new Date().toISOString());
const old = `${dist}.old-${process.pid}`;
if (existsSync(dist)) renameSync(dist, old);
renameSync(next, dist);
rmSync(old, { recursive: true, force: true });
console.log(`build: dist/ ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
