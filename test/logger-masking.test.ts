/**
 * Provider errors go through the same masking as every other log line: a grammY error carries the request it
 * failed (chat id, full text) and a Twilio error can quote the number; neither reaches the log.
 */
import { describe, expect, it } from 'vitest';
import { BotError, Context, Api, GrammyError, HttpError } from 'grammy';
import restExceptionModule from 'twilio/lib/base/RestException.js';
import { createLogger } from '../bot/logger.js';
import { ProviderError } from '../bot/channels/outbound.js';

// twilio's own error class (CommonJS, default export).
const RestException = ((restExceptionModule as { default?: unknown }).default ?? restExceptionModule) as new (response: {
  statusCode: number;
  body: object;
}) => Error;
const CHAT = 7770001119;
const TEXT = 'Zofia Erasurowska, ul. Tajna 5';
const PHONE = '+48600123987';

function capture() {
  const lines: string[] = [];
  return { logger: createLogger('info', { write: (s: string) => void lines.push(s) }), lines };
}

describe('provider errors in logs', () => {
  it('a grammY API error keeps the method and code, not the payload (chat id, text)', () => {
    const { logger, lines } = capture();
    const err = new GrammyError(
      "Call to 'sendMessage' failed! (403: Forbidden: bot was blocked by the user)",
      { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' },
      'sendMessage',
      { chat_id: CHAT, text: TEXT },
    );
    logger.error({ err }, 'telegram update failed');
    expect(lines.join('')).not.toContain(String(CHAT));
    expect(lines.join('')).not.toContain('Tajna');
    expect(JSON.parse(lines[0]!).err).toMatchObject({ type: 'GrammyError', method: 'sendMessage', error_code: 403 });
  });

  it('a grammY middleware error (BotError) does not carry the update; an HttpError not its request', () => {
    const { logger, lines } = capture();
    const update = {
      update_id: 1,
      message: {
        message_id: 1,
        date: 1,
        chat: { id: CHAT, type: 'private' as const, first_name: 'Zofia' },
        from: { id: CHAT, is_bot: false, first_name: 'Zofia' },
        text: TEXT,
      },
    };
    const ctx = new Context(update, new Api('1:x'), { id: 1, is_bot: true, first_name: 'b', username: 'b' } as never);
    logger.error({ err: new BotError(new Error(`database down while answering ${PHONE}`), ctx) }, 'x');
    logger.error(
      {
        err: new HttpError(
          'Network request failed',
          Object.assign(new Error('fetch failed'), { request: { body: JSON.stringify({ chat_id: CHAT, text: TEXT }) } }),
        ),
      },
      'y',
    );
    const all = lines.join('');
    expect(all).not.toContain(String(CHAT));
    expect(all).not.toContain('Tajna');
    expect(all).not.toContain('600123987');
  });

  it('a Twilio error quoting the number is masked, also inside a ProviderError and its cause', () => {
    const { logger, lines } = capture();
    const twilioErr = new RestException({
      statusCode: 400,
      body: {
        code: 21211,
        message: `The 'To' number ${PHONE} is not a valid phone number.`,
        more_info: 'https://www.twilio.com/docs/errors/21211',
      },
    });
    logger.warn({ err: twilioErr }, 'sms failed');
    logger.warn(
      {
        err: new ProviderError(`The 'To' number ${PHONE} is not a valid phone number.`, {
          provider: 'sms',
          permanent: true,
          code: '21211',
        }),
      },
      'delivery failed',
    );
    const all = lines.join('');
    expect(all).not.toContain('600123987');
    expect(JSON.parse(lines[0]!).err).toMatchObject({ code: 21211, status: 400 });
    expect(JSON.parse(lines[0]!).err.message).toMatch(/The 'To' number \+48600\*\*\*987 is not a valid phone number/);
  });
});
