/**
 * Start time and memory of the real server process, on the embedded database and on PostgreSQL:
 *  - start to a ready /healthz on an existing data directory (second start: nothing to migrate, no demo load);
 *  - idle RSS of the server process (VmRSS after 5 s of quiet);
 *  - RSS after 1,000 SMS turns from 100 senders (local mode: direct loopback requests), and the peak (VmHWM).
 * Baseline in the same run: the same product started the development way (`node --import tsx bot/main.ts`), so
 * the production build's gain is a ratio measured on the same machine at the same time.
 *
 *   npm run bench:footprint [-- --turns 1000]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { spawnServer, type ServerProcess } from '../test/support/server-process.js';
import { postgresAvailable, startPgCluster } from '../test/support/pg-cluster.js';

const TURNS = Number(process.argv[process.argv.indexOf('--turns') + 1] || 1000) || 1000;
const root = mkdtempSync(join(tmpdir(), 'koszalin-footprint-'));

function memory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { rss: Math.round(kb('VmRSS') / 1024), peak: Math.round(kb('VmHWM') / 1024) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function timedStart(script: string, env: Record<string, string>): Promise<{ server: ServerProcess; ms: number }> {
  const t0 = performance.now();
  const server = await spawnServer(env, { script, keepLogs: false, timeoutMs: 120_000 });
  // "listening" is logged once the HTTP server is up; ready means /healthz answers.
  while ((await fetch(`${server.url}/healthz`).catch(() => undefined))?.status !== 200) await sleep(10);
  return { server, ms: Math.round(performance.now() - t0) };
}

async function turns(url: string, n: number) {
  for (let i = 0; i < n; i += 10) {
    await Promise.all(
      Array.from({ length: Math.min(10, n - i) }, (_, j) => {
        const k = i + j;
        const body = new URLSearchParams({
          MessageSid: `SMfp${String(k).padStart(30, '0')}`,
          From: `+4860070${String(k % 100).padStart(4, '0')}`,
          To: '+48947000000',
          Body: ['pomoc', 'Rokosowo', 'seniorzy', 'menu', '1'][k % 5]!,
        });
        return fetch(`${url}/sms`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body }).then((r) => {
          if (r.status !== 200) throw new Error(`turn ${k}: HTTP ${r.status}`);
          return r.text();
        });
      }),
    );
  }
}

interface Row {
  database: string;
  how: string;
  firstStartMs: number;
  firstIdleMb: number;
  startMs: number;
  idleMb: number;
  afterTurnsMb: number;
  peakMb: number;
}

async function measure(database: string, how: string, script: string, env: Record<string, string>): Promise<Row> {
  // First start (a new data directory or an empty database) migrates and loads the demo data: measured, but the
  // goals are about the second start, on an existing directory.
  const first = await timedStart(script, env);
  await sleep(5000);
  const firstIdle = memory(first.server.proc.pid!);
  await first.server.stop('SIGTERM');
  const { server, ms } = await timedStart(script, env);
  try {
    await sleep(5000);
    const idle = memory(server.proc.pid!);
    await turns(server.url, TURNS);
    await sleep(2000);
    const after = memory(server.proc.pid!);
    return {
      database,
      how,
      firstStartMs: first.ms,
      firstIdleMb: firstIdle.rss,
      startMs: ms,
      idleMb: idle.rss,
      afterTurnsMb: after.rss,
      peakMb: after.peak,
    };
  } finally {
    await server.stop('SIGTERM');
  }
}

execFileSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { stdio: 'inherit' });
const rows: Row[] = [];
const base = { DEMO_DATA: 'true', SMS_REPLIES_PER_HOUR: '10000', TELEGRAM_REPLIES_PER_HOUR: '10000', LOG_LEVEL: 'info' }; // the "listening" line is how the harness knows the port
try {
  rows.push(await measure('PGlite', 'npm start (node dist/)', 'dist/bot/main.js', { ...base, DATA_DIR: join(root, 'prod') }));
  rows.push(await measure('PGlite', 'baseline: tsx bot/main.ts', 'bot/main.ts', { ...base, DATA_DIR: join(root, 'dev') }));
  if (postgresAvailable()) {
    const cluster = await startPgCluster();
    try {
      rows.push(await measure('PostgreSQL', 'npm start (node dist/)', 'dist/bot/main.js', { ...base, DATABASE_URL: cluster.url }));
      rows.push(await measure('PostgreSQL', 'baseline: tsx bot/main.ts', 'bot/main.ts', { ...base, DATABASE_URL: cluster.url }));
    } finally {
      await cluster.destroy();
    }
  } else console.warn('PostgreSQL rows skipped: no server binaries');
} finally {
  rmSync(root, { recursive: true, force: true });
}

console.log(
  `\n| database | started as | first start: ready (ms) | first start: idle RSS (MB) | start to ready /healthz (ms) | idle RSS (MB) | RSS after ${TURNS} turns (MB) | peak RSS (MB) |`,
);
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows)
  console.log(
    `| ${r.database} | ${r.how} | ${r.firstStartMs} | ${r.firstIdleMb} | ${r.startMs} | ${r.idleMb} | ${r.afterTurnsMb} | ${r.peakMb} |`,
  );
for (const db of ['PGlite', 'PostgreSQL']) {
  const [prod, dev] = [
    rows.find((r) => r.database === db && r.how.startsWith('npm')),
    rows.find((r) => r.database === db && r.how.startsWith('baseline')),
  ];
  if (prod && dev)
    console.log(
      `${db}: start ${(prod.startMs / dev.startMs).toFixed(2)}× the baseline's time, idle RSS ${(prod.idleMb / dev.idleMb).toFixed(2)}×`,
    );
}
