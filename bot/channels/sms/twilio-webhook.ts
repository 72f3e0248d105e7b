/**
 * Twilio SMS routes (one file per provider, as courier's handlers):
 *  - POST /sms         inbound message → dialog turn → TwiML reply
 *  - POST /sms/status  status callback → Delivery status (through TWILIO_STATUS)
 * Both verify the sender first (403 otherwise):
 *  - live (Twilio credentials): X-Twilio-Signature against PUBLIC_URL + path, with the account's auth token;
 *  - local mode (no credentials): a request signed with a random token made at start and never published (kept
 *    only in the 0600 admin handle of the data directory, for `npm run chat -- --url`), or, when the server listens
 *    on loopback alone, a direct loopback connection without proxy headers. No well-known token exists.
 */
import express, { type Express, type Request, type Response } from 'express';
// Only twilio's signature module (2.5 MB), not the whole SDK (23 MB) that the sender loads when SMS is live.
import { validateRequest } from 'twilio/lib/webhooks/webhooks.js';
import type { InboundPipeline } from '../inbound-pipeline.js';
import { renderSms } from './render.js';
import { TWILIO_STATUS, TWILIO_STOPPED_CODES } from './status-map.js';
import type { Logger } from '../../logger.js';
import { maskPhone, withTurn } from '../../logger.js';

/** How /sms and /sms/status know a request came from our provider. */
export type SmsWebhookAuth =
  | { mode: 'live'; authToken: string }
  | {
      mode: 'local';
      token: string /** take unsigned direct-loopback requests (only when listening on loopback alone) */;
      acceptLoopback: boolean;
    };

/** Headers a reverse proxy adds: a request carrying them did not start on this machine, whatever its socket says. */
const PROXY_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip', 'x-forwarded-host'];

/** A connection from this machine itself, not relayed by a proxy (which would make every request look local). */
export function isDirectLoopback(req: Request): boolean {
  const ip = req.socket.remoteAddress ?? '';
  const loopback = ip === '::1' || ip.startsWith('127.') || ip.startsWith('::ffff:127.');
  return loopback && !PROXY_HEADERS.some((h) => req.headers[h] !== undefined);
}

export interface SmsWebhookDeps {
  pipeline: InboundPipeline;
  auth: SmsWebhookAuth;
  publicUrl: string;
  transliterate: boolean;
  logger: Logger;
  /** Applies a provider status to the delivery with that provider id. */
  onStatus(update: {
    providerMessageId: string;
    status: (typeof TWILIO_STATUS)[string];
    errorCode?: string;
    to?: string;
    stopped: boolean;
  }): Promise<void>;
  /** Draining: answer 503 so Twilio retries elsewhere or later. */
  isDraining?: () => boolean;
}

const E164 = /^\+[1-9]\d{6,14}$/;

/** Characters XML 1.0 cannot carry (control characters, lone surrogates, U+FFFE/FFFF): dropped, never an error. */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/**
 * A TwiML answer with one message (or none), byte for byte what twilio's MessagingResponse builds for valid text
 * (checked in test/sms-encoding.test.ts), without its XML builder on every turn. Unlike the builder, it drops
 * characters XML cannot carry instead of throwing: a stray control character in imported data must not make a
 * turn fail again on every provider retry.
 */
export function twiml(body: string | undefined): string {
  const text = body?.replace(NOT_XML, '');
  if (!text) return `${XML_DECLARATION}<Response/>`;
  return `${XML_DECLARATION}<Response><Message>${text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#xD;')}</Message></Response>`;
}

export function mountSmsRoutes(app: Express, deps: SmsWebhookDeps): void {
  const form = express.urlencoded({ extended: false, limit: '64kb' });

  const verify = (req: Request, res: Response): Record<string, string> | undefined => {
    if (!req.is('application/x-www-form-urlencoded')) {
      res.status(400).type('text/plain').send('Expected application/x-www-form-urlencoded (a Twilio webhook).');
      return undefined;
    }
    const params = (req.body ?? {}) as Record<string, string>;
    const signature = req.header('x-twilio-signature');
    const url = deps.publicUrl + req.originalUrl;
    const token = deps.auth.mode === 'live' ? deps.auth.authToken : deps.auth.token;
    if (signature && validateRequest(token, signature, url, params)) return params;
    if (deps.auth.mode === 'local' && deps.auth.acceptLoopback && isDirectLoopback(req)) return params;
    // Logged without the body or the sender: a refusal must not copy personal data into the log.
    deps.logger.warn(
      { path: req.path, mode: deps.auth.mode, signed: signature !== undefined },
      deps.auth.mode === 'live'
        ? 'rejected a webhook with a missing or bad Twilio signature'
        : 'rejected an SMS webhook in local mode (not a direct loopback request, no valid signature)',
    );
    res
      .status(403)
      .type('text/plain')
      .send(
        deps.auth.mode === 'live' ? 'Invalid Twilio signature.' : 'SMS is in local mode: only requests from this machine are accepted.',
      );
    return undefined;
  };

  app.post('/sms', form, async (req, res) => {
    if (deps.isDraining?.()) return void res.status(503).set('Retry-After', '5').send('Shutting down.');
    const p = verify(req, res);
    if (!p) return;
    const missing = ['MessageSid', 'From'].filter((k) => !p[k]);
    if (missing.length)
      return void res
        .status(400)
        .type('text/plain')
        .send(`Missing field(s): ${missing.join(', ')}.`);
    if (!E164.test(p.From!)) return void res.status(400).type('text/plain').send('From must be an E.164 phone number.');
    const activity = { channel: 'sms' as const, messageId: p.MessageSid!, from: p.From!, conversationId: p.From!, text: p.Body ?? '' };
    await withTurn(async () => {
      try {
        const outcome = await deps.pipeline.process(activity);
        // A provider retry gets the same replies again, rendered the same way (they were kept with the turn).
        const replies = outcome.replies ?? [];
        const sms = replies.length ? renderSms(replies, { transliterate: deps.transliterate }) : undefined;
        if (sms) deps.logger.debug({ from: maskPhone(p.From!), segments: sms.info.segments, encoding: sms.info.encoding }, 'sms reply');
        res.type('text/xml').send(twiml(sms?.body));
      } catch (err) {
        deps.logger.error({ err, messageSid: p.MessageSid }, 'sms turn failed');
        res.status(503).set('Retry-After', '5').type('text/plain').send('Temporarily unavailable.');
      }
    });
  });

  app.post('/sms/status', form, async (req, res) => {
    const p = verify(req, res);
    if (!p) return;
    const sid = p.MessageSid ?? p.SmsSid;
    const raw = (p.MessageStatus ?? p.SmsStatus ?? '').toLowerCase();
    if (!sid || !raw) return void res.status(400).type('text/plain').send('Missing MessageSid or MessageStatus.');
    const status = TWILIO_STATUS[raw];
    if (!status) return void res.status(400).type('text/plain').send(`Unknown MessageStatus "${raw}".`);
    const errorCode = p.ErrorCode || undefined;
    try {
      await deps.onStatus({
        providerMessageId: sid,
        status,
        errorCode,
        to: p.To,
        stopped: errorCode !== undefined && TWILIO_STOPPED_CODES.has(errorCode),
      });
      res.status(204).end();
    } catch (err) {
      deps.logger.error({ err, sid }, 'status callback failed');
      res.status(503).end();
    }
  });
}
