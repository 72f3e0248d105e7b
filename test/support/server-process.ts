/**
 * The real product as a separate process (`bot/main.ts`, what `npm start` runs), for tests of signals, backups and
 * restarts. Logs are pino JSON lines on stdout, collected in `logs`.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The Node options `npm start` gives the server (package.json's start script: `node <options> dist/bot/main.js`),
 * so a spawned production server runs exactly as a deployment does (e.g. its young-generation size).
 */
export const START_NODE_OPTIONS: string[] = (() => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } };
  const words = pkg.scripts.start.trim().split(/\s+/);
  if (words[0] !== 'node' || words.at(-1) !== 'dist/bot/main.js') throw new Error(`unexpected start script: ${pkg.scripts.start}`);
  return words.slice(1, -1);
})();

export interface ServerProcess {
  proc: ChildProcess;
  url: string;
  logs: Array<Record<string, unknown>>;
  /** Sends a signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function spawnServer(
  env: Record<string, string>,
  o: { script?: string; timeoutMs?: number; keepLogs?: boolean; nodeOptions?: string[] } = {},
): Promise<ServerProcess> {
  const timeoutMs = o.timeoutMs ?? 60_000;
  // The production build by default (what `npm start` runs; test/support/global-setup-build.ts keeps it fresh);
  // a .ts script runs through tsx.
  const script = o.script ?? 'dist/bot/main.js';
  // Node options: the caller's, else for the production entry those of `npm start`.
  const nodeOptions = o.nodeOptions ?? (script === 'dist/bot/main.js' ? START_NODE_OPTIONS : []);
  const args = script.endsWith('.ts') ? ['--import', 'tsx', script] : [...nodeOptions, script];
  const proc = spawn(process.execPath, args, {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', TELEGRAM_BOT_TOKEN: '', TWILIO_ACCOUNT_SID: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Array<Record<string, unknown>> = [];
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in ${timeoutMs} ms\n${stderr}`)), timeoutMs);
    let buf = '';
    proc.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        try {
          const l = JSON.parse(line) as Record<string, unknown>;
          if (o.keepLogs !== false) logs.push(l);
          if (typeof l.msg === 'string' && l.msg.startsWith('listening on') && typeof l.port === 'number') {
            clearTimeout(timer);
            resolve(`http://127.0.0.1:${l.port}`);
          }
        } catch {
          /* not a log line */
        }
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening\n${stderr}`));
    });
  });
  return {
    proc,
    url,
    logs,
    stop: async (signal = 'SIGTERM') => {
      if (proc.exitCode !== null) return proc.exitCode;
      proc.kill(signal);
      return exited;
    },
  };
}

/**
 * Runs one of the npm CLI scripts (a .ts under bot/cli) and returns its exit code and output: its compiled form in
 * dist/ (kept fresh by the global setup; no TypeScript loader to start each time), else the source through tsx.
 */
export function runCli(
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const compiled = join('dist', script.replace(/\.ts$/, '.js'));
  const argv = existsSync(compiled) ? [compiled, ...args] : ['--import', 'tsx', script, ...args];
  return new Promise((resolve) => {
    execFile(process.execPath, argv, { env: { ...process.env, ...env }, timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}
