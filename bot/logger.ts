/** Structured logging (pino). Phone numbers and message texts are masked by the callers via maskPhone/maskText. */
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: undefined,
    redact: { paths: ['authToken', '*.authToken', 'token', '*.token', 'req.headers.authorization', 'req.headers["x-twilio-signature"]'], censor: '[secret]' },
  });
}

/** +48601234567 -> +48601***567 */
export function maskPhone(phone: string): string {
  return phone.length > 6 ? `${phone.slice(0, phone.length - 6)}***${phone.slice(-3)}` : '***';
}

/** Message texts are personal data: log only their length. */
export function maskText(text: string | undefined): string {
  return text === undefined ? '(none)' : `(${[...text].length} chars)`;
}
