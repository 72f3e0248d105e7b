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
    // Errors (grammY's carry the request: chat id, full text, even the bot token in a BotError's context; Twilio's
    // can quote the number) are serialised through the same masking as everything else.
    serializers: { err: serializeError },
    redact: {
      paths: ['authToken', '*.authToken', 'token', '*.token', 'req.headers.authorization', 'req.headers["x-twilio-signature"]'],
      censor: '[secret]',
    },
  };
  // Asynchronous writes to stdout: a synchronous write per line cost ~8% of a turn's CPU under load (profiled with
  // bench/turns.ts). main.ts flushes before exiting.
  return pino(options, destination ?? pino.destination({ dest: 1, sync: false }));
}

/** +48601234567 -> +48601***567 */
export function maskPhone(phone: string): string {
  return phone.length > 6 ? `${phone.slice(0, phone.length - 6)}***${phone.slice(-3)}` : '***';
}

/** Fields of provider errors that hold a request, an update or a client (personal data, tokens): never logged. */
const ERROR_FIELDS_DROPPED = new Set([
  'payload',
  'ctx',
  'update',
  'request',
  'response',
  'config',
  'body',
  'params',
  'api',
  'headers',
  'options',
  'data',
  'details',
]);

/** Masks every run of 7 or more digits (phone numbers, Telegram ids) in a text, as maskPhone does. */
export function maskNumbers(text: string): string {
  return text.replace(/\+?\d[\d ]{5,}\d/g, (m) => maskPhone(m.replace(/ /g, '')));
}

/**
 * A log-safe copy of an error: type, masked message and stack, and its plain fields (code, status, method…);
 * fields that carry a request or a client are dropped, nested errors (cause, grammY's `error`) treated the same.
 */
export function serializeError(err: unknown, depth = 0): unknown {
  if (!(err instanceof Error)) return typeof err === 'string' ? maskNumbers(err) : err;
  const out: Record<string, unknown> = { type: err.constructor?.name ?? err.name, message: maskNumbers(err.message) };
  if (err.stack) out.stack = maskNumbers(err.stack);
  for (const [k, v] of Object.entries(err)) {
    if (ERROR_FIELDS_DROPPED.has(k) || k === 'message' || k === 'stack') continue;
    if (v instanceof Error) out[k] = depth < 3 ? serializeError(v, depth + 1) : `[${v.name}]`;
    else if (typeof v === 'string') out[k] = maskNumbers(v);
    else if (v === null || ['number', 'boolean', 'undefined'].includes(typeof v)) out[k] = v;
    else if (k === 'parameters') out[k] = JSON.parse(maskNumbers(JSON.stringify(v)));
  }
  if (err.cause !== undefined && depth < 3) out.cause = serializeError(err.cause, depth + 1);
  return out;
}

/** Message texts are personal data: log only their length. */
export function maskText(text: string | undefined): string {
  return text === undefined ? '(none)' : `(${[...text].length} chars)`;
}
