/**
 * Inbound turns under load (issue 8), with autocannon, each server a separate process:
 *  - signed `POST /sms` webhooks through the whole dialog turn (a nearest-organisations query in one of four
 *    forms: district, coordinates, street with number, inflected district), from 1,000 different phones;
 *  - Telegram webhook updates (`POST /telegram` with the secret) through the same turn, replies sent to a local
 *    fake Bot API;
 *  on the embedded database (PGlite) and on PostgreSQL (a throwaway cluster), and, in the same run, a bare
 *  Express handler (bench/bare-server.ts) as the baseline. Reported: requests/s, p50/p99 latency, errors, and the
 *  server process's peak resident memory (VmHWM), and for the full-speed runs the CPU time per request of the server
 *  process and of PostgreSQL's processes (from /proc). Then start-up time and idle memory on the embedded default.
 *  First of all, the dialog turn alone in this process (bench/engine-alone.ts): the floor under a webhook turn.
 *
 * Each product run: the first message of 1,000 new senders (contacts created), then returning senders for
 * --duration seconds at full speed (throughput), then for --duration seconds at each steady rate of --paced that is
 * at most 80% of that throughput (requests evenly spaced, sent whether or not earlier ones were answered: the
 * latency below saturation).
 * autocannon's own rate option sends each second's requests in one burst, so the steady runs use their own clock.
 *
 *   npm run bench:turns [-- --duration 10 --connections 10 --paced 40,100,200]
 */
import autocannon from 'autocannon';
import twilio from 'twilio';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeTelegram } from '../test/support/fake-telegram.js';
import { spawnServer, type ServerProcess } from '../test/support/server-process.js';
import { startPgCluster, postgresAvailable } from '../test/support/pg-cluster.js';
import { engineAlone } from './engine-alone.js';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const DURATION = arg('duration', 10);
const CONNECTIONS = arg('connections', 10);
/** Steady loads well above Koszalin's expected peak, to report latency when the server is not saturated. */
const PACED = (process.argv.includes('--paced') ? process.argv[process.argv.indexOf('--paced') + 1]! : '40,100,200').split(',').map(Number);
const PUBLIC = 'https://bench.example.org';
const TOKEN = 'local-development-token';
const SECRET = 'bench-secret-0123456789';
const BODIES = ['Rokosowo', '54.1943, 16.1722', 'Zwycięstwa 10', 'na Jamnie'];
const root = mkdtempSync(join(tmpdir(), 'koszalin-bench-'));

interface Proc extends ServerProcess {
  startMs: number;
}

const children = new Set<ServerProcess>();
process.on('exit', () => {
  for (const c of children) c.proc.kill('SIGKILL');
});

async function spawnProc(args: string[], env: Record<string, string>): Promise<Proc> {
  const t0 = performance.now();
  const p = await spawnServer(env, { script: args[0], keepLogs: false });
  children.add(p);
  return Object.assign(p, { startMs: performance.now() - t0 });
}

/** CPU seconds (user + system) a process has used, from /proc. */
const cpuSeconds = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
};
/** CPU seconds of every PostgreSQL server process on the machine (only the benchmark's cluster runs). */
const postgresCpuSeconds = () => {
  let sum = 0;
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readFileSync(`/proc/${d}/cmdline`, 'utf8').startsWith('postgres')) sum += cpuSeconds(Number(d));
    } catch {
      /* the process ended */
    }
  }
  return sum;
};
const memKb = (pid: number, field: 'VmHWM' | 'VmRSS') =>
  Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
const stop = async (p: Proc) => {
  await p.stop('SIGTERM');
  children.delete(p);
};

let seq = 0;
let runNo = 0;
function smsRequest(tag: string) {
  return (req: autocannon.Request) => {
    const n = ++seq;
    const params = {
      MessageSid: `SM${tag}${String(n).padStart(30, '0')}`,
      AccountSid: `AC${'0'.repeat(32)}`,
      From: `+4869${String(n % 1000).padStart(7, '0')}`,
      To: '+48947000000',
      Body: BODIES[n % BODIES.length]!,
    };
    return {
      ...req,
      method: 'POST' as const,
      path: '/sms',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilio.getExpectedTwilioSignature(TOKEN, `${PUBLIC}/sms`, params),
      },
      body: new URLSearchParams(params).toString(),
    };
  };
}
function telegramRequest() {
  return (req: autocannon.Request) => {
    const n = ++seq;
    const user = 900_000 + (n % 1000);
    const text = BODIES[n % BODIES.length]!;
    const update = {
      update_id: n,
      message: {
        message_id: n,
        date: Math.floor(Date.now() / 1000),
        chat: { id: user, type: 'private' },
        from: { id: user, is_bot: false, first_name: 'Bench', language_code: 'pl' },
        text,
      },
    };
    return {
      ...req,
      method: 'POST' as const,
      path: '/telegram',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
      body: JSON.stringify(update),
    };
  };
}

async function load(
  url: string,
  setupRequest: (r: autocannon.Request) => autocannon.Request,
  how: { duration?: number; amount?: number } = { duration: DURATION },
) {
  const r = await autocannon({ url, connections: CONNECTIONS, ...how, requests: [{ setupRequest }] });
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    total: r.requests.total,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
  };
}

/**
 * Open-loop steady load: one request every 1000/rate ms for DURATION s at each rate, each sent on time whether or
 * not the earlier ones were answered (keep-alive connections from fetch's pool), latency measured per request.
 */
async function steady(url: string, setupRequest: (r: autocannon.Request) => autocannon.Request, rates: number[]) {
  const out: Array<{ rate: number; rps: number; p50: number; p99: number; total: number; errors: number; non2xx: number }> = [];
  for (const rate of rates) {
    const latencies: number[] = [];
    let errors = 0;
    let non2xx = 0;
    const start = performance.now();
    const inFlight: Array<Promise<void>> = [];
    for (let i = 0; i < rate * DURATION; i++) {
      const due = start + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const req = setupRequest({} as autocannon.Request);
      const t0 = performance.now();
      inFlight.push(
        fetch(`${url}${req.path}`, { method: req.method, headers: req.headers as Record<string, string>, body: req.body as string }).then(
          async (res) => {
            await res.arrayBuffer();
            if (res.status >= 300) non2xx++;
            latencies.push(performance.now() - t0);
          },
          () => void errors++,
        ),
      );
    }
    await Promise.all(inFlight);
    latencies.sort((a, b) => a - b);
    const q = (f: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(f * latencies.length))] ?? 0);
    out.push({
      rate,
      rps: latencies.length / ((performance.now() - start) / 1000),
      p50: q(0.5),
      p99: q(0.99),
      total: latencies.length + errors,
      errors,
      non2xx,
    });
  }
  return out;
}

type Row = {
  run: string;
  rps: number;
  p50: number;
  p99: number;
  total: number;
  errors: number;
  non2xx: number;
  peakMb: number;
  cpuMs?: number;
  pgCpuMs?: number;
};
const rows: Row[] = [];

/** Turns the product reports as answered (Prometheus counter), to check that every request was a full turn. */
async function repliedTurns(url: string, channel: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(new RegExp(`inbound_messages_total\\{channel="${channel}",outcome="replied"\\} (\\d+)`).exec(text)?.[1] ?? 0);
}

async function bench(label: string, p: Proc, kind: 'sms' | 'telegram') {
  // Message ids are unique across the whole command (a repeated id would be answered as a provider retry).
  const make = kind === 'sms' ? () => smsRequest(String(++runNo).padStart(2, '0')) : telegramRequest;
  const product = !label.startsWith('bare') && !label.startsWith('peer');
  const before = product ? await repliedTurns(p.url, kind) : 0;
  // First message from each of the 1,000 senders (new contacts): recorded separately; then returning senders.
  const first = await load(p.url, make(), { amount: 1000 });
  if (product) rows.push({ run: `${label}: first message of 1,000 new senders`, ...first, peakMb: memKb(p.proc.pid!, 'VmHWM') / 1024 });
  // CPU per request of the full-speed run: the server process, and PostgreSQL's processes when it is used.
  const cpu0 = cpuSeconds(p.proc.pid!);
  const pg0 = postgresCpuSeconds();
  const r = await load(p.url, make());
  const cpuMs = ((cpuSeconds(p.proc.pid!) - cpu0) / r.total) * 1000;
  const pgCpuMs = ((postgresCpuSeconds() - pg0) / r.total) * 1000;
  // Steady rates up to 80% of what this server just did at full speed: latency below saturation.
  const paced = product
    ? await steady(
        p.url,
        make(),
        PACED.filter((x) => x <= 0.8 * r.rps),
      )
    : [];
  if (product) {
    const turns = (await repliedTurns(p.url, kind)) - before;
    const sent = first.total + r.total + paced.reduce((n, x) => n + x.total, 0);
    // autocannon counts finished requests; the last in-flight ones of a run may be cut, hence the small slack.
    if (turns < sent - 3 * CONNECTIONS) throw new Error(`${label}: only ${turns} turns answered for ${sent} requests`);
  }
  rows.push({
    run: label,
    ...r,
    peakMb: memKb(p.proc.pid!, 'VmHWM') / 1024,
    cpuMs,
    pgCpuMs: label.includes('PostgreSQL') ? pgCpuMs : undefined,
  });
  for (const x of paced) rows.push({ run: `${label}, steady ${x.rate}/s`, ...x, peakMb: memKb(p.proc.pid!, 'VmHWM') / 1024 });
  console.error(`${label}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, errors ${r.errors}, non-2xx ${r.non2xx}`);
}

/** One request of each kind first: the reply must be a real nearest-organisations answer. */
async function checkAnswers(url: string) {
  for (const body of BODIES) {
    const params = {
      MessageSid: `SMcheck${Buffer.from(body).toString('hex').slice(0, 27)}`,
      AccountSid: `AC${'0'.repeat(32)}`,
      From: '+48690999999',
      To: '+48947000000',
      Body: body,
    };
    const res = await fetch(`${url}/sms`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilio.getExpectedTwilioSignature(TOKEN, `${PUBLIC}/sms`, params),
      },
      body: new URLSearchParams(params),
    });
    const xml = await res.text();
    if (res.status !== 200 || !/Najbli|\(demo\)/.test(xml))
      throw new Error(`"${body}" did not get a nearest answer: ${res.status} ${xml.slice(0, 200)}`);
  }
}

// Live SMS mode, so every webhook's Twilio signature is checked as in production (nothing is sent: replies are TwiML).
const productEnv = (extra: Record<string, string>) => ({
  PUBLIC_URL: PUBLIC,
  DEMO_DATA: 'true',
  SMS_REPLIES_PER_HOUR: '10000',
  TELEGRAM_REPLIES_PER_HOUR: '10000',
  LOG_LEVEL: 'info',
  TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
  TWILIO_AUTH_TOKEN: TOKEN,
  TWILIO_FROM: '+48947000000',
  TWILIO_API_URL: 'http://127.0.0.1:9',
  ...extra,
});

// The conversation alone (no HTTP, no database), first, while the machine is quiet: the floor under a turn.
const alone = await engineAlone(BODIES, 5000);

const fakeTg = await new FakeTelegram().start();
const tgEnv = {
  TELEGRAM_BOT_TOKEN: fakeTg.token,
  TELEGRAM_API_ROOT: fakeTg.url,
  TELEGRAM_WEBHOOK_URL: `${PUBLIC}/telegram`,
  TELEGRAM_WEBHOOK_SECRET: SECRET,
};

// The peer: botbuilder-dialogs with MemoryStorage and one waterfall behind Express (bench/peer-server.ts).
const peer = await spawnProc(['bench/peer-server.ts'], {});
await bench('peer: botbuilder waterfall on MemoryStorage, /sms', peer, 'sms');
await stop(peer);

const bare = await spawnProc(['bench/bare-server.ts'], {});
await bench('bare Express handler, /sms (baseline)', bare, 'sms');
await bench('bare Express handler, /telegram (baseline)', bare, 'telegram');
const bareIdleMb = memKb(bare.proc.pid!, 'VmRSS') / 1024;
await stop(bare);

const pgliteDir = join(root, 'pglite');
const lite = await spawnProc(['dist/bot/main.js'], productEnv({ DATA_DIR: pgliteDir, ...tgEnv }));
await checkAnswers(lite.url);
await bench('product on PGlite, SMS turns', lite, 'sms');
await bench('product on PGlite, Telegram turns', lite, 'telegram');
await stop(lite);

if (postgresAvailable()) {
  const cluster = await startPgCluster();
  try {
    const pgp = await spawnProc(['dist/bot/main.js'], productEnv({ DATABASE_URL: cluster.url, ...tgEnv }));
    await checkAnswers(pgp.url);
    await bench('product on PostgreSQL, SMS turns', pgp, 'sms');
    await bench('product on PostgreSQL, Telegram turns', pgp, 'telegram');
    await stop(pgp);
  } finally {
    cluster.destroy();
  }
}
await fakeTg.stop();

// Start-up and idle memory on the embedded default (no credentials, ./data-like fresh directory).
const startDir = join(root, 'startup');
const first = await spawnProc(['dist/bot/main.js'], { DATA_DIR: startDir, LOG_LEVEL: 'info' });
await stop(first);
const second = await spawnProc(['dist/bot/main.js'], { DATA_DIR: startDir, LOG_LEVEL: 'info' });
await new Promise((r) => setTimeout(r, 5000));
const idleMb = memKb(second.proc.pid!, 'VmRSS') / 1024;
await stop(second);
const bareStart = await spawnProc(['bench/bare-server.ts'], {});
await stop(bareStart);

const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const base = {
  sms: rows.find((r) => r.run.includes('/sms (baseline)'))!,
  telegram: rows.find((r) => r.run.includes('/telegram (baseline)'))!,
};
console.log(`\nduration ${DURATION} s per run, ${CONNECTIONS} connections, Node ${process.version}\n`);
console.log(
  '| run | requests/s | vs bare | p50 (ms) | p99 (ms) | requests | errors | non-2xx | peak RSS (MB) | server CPU ms/request | PostgreSQL CPU ms/request |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows) {
  const b = r.run.includes('Telegram') || r.run.includes('/telegram') ? base.telegram : base.sms;
  console.log(
    `| ${r.run} | ${fmt(r.rps)} | ${fmt((r.rps / b.rps) * 100)}% | ${r.p50} | ${r.p99} | ${fmt(r.total)} | ${r.errors} | ${r.non2xx} | ${fmt(r.peakMb)} | ${r.cpuMs === undefined ? '' : fmt(r.cpuMs, 2)} | ${r.pgCpuMs === undefined ? '' : fmt(r.pgCpuMs, 2)} |`,
  );
}
const bareSms = base.sms.rps;
const peerRow = rows.find((r) => r.run.startsWith('peer:'));
for (const r of rows.filter((x) => /^product on (PGlite|PostgreSQL), SMS turns$/.test(x.run))) {
  if (peerRow) console.log(`${r.run}: ${fmt((r.rps / peerRow.rps) * 100)}% of the peer's throughput (goal on PostgreSQL: >= 35%)`);
}
console.log(
  `\n| the dialog turn alone, in process (bench/engine-alone.ts) | turns/s | ms per turn | vs bare /sms |\n| --- | ---: | ---: | ---: |`,
);
console.log(
  `| engine + features + SMS rendering, state and contacts in memory, one at a time | ${fmt(alone.turnsPerSecond)} | ${fmt(alone.msPerTurn, 2)} | ${fmt((alone.turnsPerSecond / bareSms) * 100)}% |`,
);
console.log(`\n| start-up (embedded default) | ms to listening | |\n| --- | ---: | --- |`);
console.log(`| first start (migrations + demo data) | ${fmt(first.startMs)} | |`);
console.log(`| second start (up to date) | ${fmt(second.startMs)} | idle RSS after 5 s: ${fmt(idleMb)} MB |`);
console.log(`| bare Express (baseline) | ${fmt(bareStart.startMs)} | idle RSS: ${fmt(bareIdleMb)} MB (after its load runs) |`);
rmSync(root, { recursive: true, force: true });
