/**
 * Structured logging (pino). Phone numbers and message texts are masked by the callers via maskPhone/maskText.
 * Every line logged while a turn runs carries that turn's id (`turn`), through AsyncLocalStorage, so one
 * message's path through the webhook, the dialog engine, the repositories and the notifier can be followed.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

const turnContext = new AsyncLocalStorage<{ turn: string }>();

export function newTurnId(): string {
  return randomBytes(8).toString('hex');
}

/** Runs `fn` as one turn: every log line inside it (also in awaited callees) carries `turn`. */
export function withTurn<T>(fn: () => Promise<T>, turn = newTurnId()): Promise<T> {
  return turnContext.run({ turn }, fn);
}

export function currentTurn(): string | undefined {
  return turnContext.getStore()?.turn;
}

export function createLogger(level = process.env.LOG_LEVEL ?? 'info', destination?: DestinationStream): Logger {
  const options = {
    level,
    base: undefined,
    mixin: () => {
      const turn = currentTurn();
      return turn ? { turn } : {};
    },
    redact: { paths: ['authToken', '*.authToken', 'token', '*.token', 'req.headers.authorization', 'req.headers["x-twilio-signature"]'], censor: '[secret]' },
  };
  // Asynchronous writes to stdout: a synchronous write per line cost ~8% of a turn's CPU under load (profiled with
  // bench/turns.ts). main.ts flushes before exiting.
  return pino(options, destination ?? pino.destination({ dest: 1, sync: false }));
}

/** +48601234567 -> +48601***567 */
export function maskPhone(phone: string): string {
  return phone.length > 6 ? `${phone.slice(0, phone.length - 6)}***${phone.slice(-3)}` : '***';
}

/** Message texts are personal data: log only their length. */
export function maskText(text: string | undefined): string {
  return text === undefined ? '(none)' : `(${[...text].length} chars)`;
}
