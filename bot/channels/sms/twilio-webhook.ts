/**
 * Twilio SMS routes (one file per provider, as courier's handlers):
 *  - POST /sms         inbound message → dialog turn → TwiML reply
 *  - POST /sms/status  status callback → Delivery status (through TWILIO_STATUS)
 * Both verify X-Twilio-Signature against PUBLIC_URL + path first (403 otherwise).
 */
import express, { type Express, type Request, type Response } from 'express';
import twilio from 'twilio';
import type { InboundPipeline } from '../inbound-pipeline.js';
import { renderSms } from './render.js';
import { TWILIO_STATUS, TWILIO_STOPPED_CODES } from './status-map.js';
import type { Logger } from '../../logger.js';
import { maskPhone, withTurn } from '../../logger.js';

export interface SmsWebhookDeps {
  pipeline: InboundPipeline;
  authToken: string;
  publicUrl: string;
  transliterate: boolean;
  logger: Logger;
  /** Applies a provider status to the delivery with that provider id. */
  onStatus(update: { providerMessageId: string; status: (typeof TWILIO_STATUS)[string]; errorCode?: string; to?: string; stopped: boolean }): Promise<void>;
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
    if (!signature || !twilio.validateRequest(deps.authToken, signature, url, params)) {
      deps.logger.warn({ path: req.path }, 'rejected a webhook with a missing or bad Twilio signature');
      res.status(403).type('text/plain').send('Invalid Twilio signature.');
      return undefined;
    }
    return params;
  };

  app.post('/sms', form, async (req, res) => {
    if (deps.isDraining?.()) return void res.status(503).set('Retry-After', '5').send('Shutting down.');
    const p = verify(req, res);
    if (!p) return;
    const missing = ['MessageSid', 'From'].filter((k) => !p[k]);
    if (missing.length) return void res.status(400).type('text/plain').send(`Missing field(s): ${missing.join(', ')}.`);
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
      await deps.onStatus({ providerMessageId: sid, status, errorCode, to: p.To, stopped: errorCode !== undefined && TWILIO_STOPPED_CODES.has(errorCode) });
      res.status(204).end();
    } catch (err) {
      deps.logger.error({ err, sid }, 'status callback failed');
      res.status(503).end();
    }
  });
}
