/**
 * The SMS and Telegram channels: live with provider credentials, otherwise local mode (nothing leaves the machine;
 * what would have been sent is logged). The provider SDKs (twilio 23 MB, grammY 24 MB) are loaded only for a
 * channel that is live.
 */
import type { Config } from '../config.js';
import { maskPhone, maskText, type Logger } from '../logger.js';
import type { InboundPipeline } from '../channels/inbound-pipeline.js';
import type { SmsWebhookAuth } from '../channels/sms/twilio-webhook.js';
import type { TelegramChannel } from '../channels/telegram/telegram-channel.js';
import { LocalOutbox, type OutboundSms, type OutboundTelegram } from '../channels/outbound.js';
import type { ContactRepository } from '../repositories/contacts.js';
import { newLocalSmsToken } from './admin-token.js';

export interface Channels {
  sms: OutboundSms;
  telegram: OutboundTelegram;
  /** How POST /sms checks its sender: Twilio's signature (live) or the per-start token and loopback (local). */
  smsAuth: SmsWebhookAuth;
  /** The live Telegram bot (webhook or long polling); absent in local mode. */
  telegramBot?: TelegramChannel;
  /** Channel name → live or local mode and how: on /healthz and logged at start (logStates). */
  states: Record<string, string>;
}

export async function createChannels(d: {
  config: Config;
  logger: Logger;
  pipeline: InboundPipeline;
  contacts: ContactRepository;
  isDraining: () => boolean;
}): Promise<Channels> {
  const { config, logger } = d;
  const states: Record<string, string> = {};

  // Local mode logs what it would have sent, masked like every log line; LOG_LEVEL=debug shows it whole.
  const logLocal = (channel: string) => (full: string, m: { to: string; body: string }) =>
    logger.isLevelEnabled('debug')
      ? logger.debug(full)
      : logger.info({ to: maskPhone(m.to), text: maskText(m.body) }, `[local ${channel}] not sent (local mode)`);

  // SMS: live with Twilio credentials; otherwise local mode: /sms accepts direct loopback requests, or requests
  // signed with a random token made now and never published (not logged, not in /healthz); sends are logged.
  let sms: OutboundSms;
  // Unsigned loopback requests only while we listen on loopback alone: on every interface, a reverse proxy on this
  // machine that adds no forwarding headers would make the internet's requests look local.
  const listensOnLoopbackOnly = ['127.0.0.1', '::1', 'localhost'].includes(config.host);
  const smsAuth: SmsWebhookAuth = config.twilio
    ? { mode: 'live', authToken: config.twilio.authToken }
    : { mode: 'local', token: newLocalSmsToken(), acceptLoopback: listensOnLoopbackOnly };
  if (config.twilio) {
    const { createTwilioSender } = await import('../channels/sms/twilio-sender.js');
    sms = createTwilioSender({ ...config.twilio, statusCallbackUrl: `${config.publicUrl}/sms/status` });
    states.sms = `live: Twilio sender ${config.twilio.from}${config.twilio.apiUrl ? ` via ${config.twilio.apiUrl}` : ''}; webhook ${config.publicUrl}/sms`;
  } else {
    sms = new LocalOutbox('sms', logLocal('sms'));
    states.sms =
      'local mode (no TWILIO_* credentials): POST /sms accepts only requests signed with a token made at this start (`npm run chat -- --url …` reads it from the data directory; listening on 127.0.0.1, unsigned requests from this machine too); outbound SMS are logged (masked; LOG_LEVEL=debug shows them whole), not sent';
  }

  let telegramBot: TelegramChannel | undefined;
  let telegram: OutboundTelegram;
  if (config.telegram) {
    const { createTelegramChannel } = await import('../channels/telegram/telegram-channel.js');
    telegramBot = createTelegramChannel({
      ...config.telegram,
      pipeline: d.pipeline,
      logger,
      isDraining: d.isDraining,
      onBlocked: (userId) => d.contacts.setStatusByAddress('telegram', userId, 'BLOCKED', 'bot was blocked by the user'),
    });
    telegram = telegramBot.outbound;
    states.telegram = config.telegram.webhookUrl ? `live: webhook ${config.telegram.webhookUrl}` : 'live: long polling';
  } else {
    telegram = new LocalOutbox('telegram', logLocal('telegram'));
    states.telegram =
      'local mode (no TELEGRAM_BOT_TOKEN): outbound Telegram messages are logged; to chat as a Telegram user stop the server and run `npm run chat -- --telegram` (while it runs: `npm run chat -- --url http://localhost:PORT` as an SMS user)';
  }
  return { sms, telegram, smsAuth, telegramBot, states };
}

/** One line per channel at start: live or local, and how. */
export function logStates(channels: Channels, logger: Logger): void {
  for (const [name, state] of Object.entries(channels.states)) logger.info({ channel: name }, `${name}: ${state}`);
}

/** The bot's Telegram username: TELEGRAM_BOT_USERNAME, else what Telegram told the live bot (undefined until then). */
export function telegramUsername(config: Config, channels: Channels): string | undefined {
  try {
    return config.telegramBotUsername ?? channels.telegramBot?.bot.botInfo.username;
  } catch {
    return undefined; // grammY throws until the bot has asked Telegram who it is
  }
}
