/**
 * Telegram through grammY: long polling by default, webhook on POST /telegram when TELEGRAM_WEBHOOK_URL is set
 * (the secret token is mandatory there and compared in constant time before the body is read), TELEGRAM_API_ROOT
 * for a local Bot API server. Updates become neutral activities; replies are rendered by render.ts. A 403 "bot was
 * blocked by the user" marks the contact blocked; 429 retry_after is honoured by grammY's auto-retry.
 *
 * Group policy: conversations happen only in private chats. In a group, state keyed by the chat would let any
 * member finish an administrator's command, and a person's replies would go to the group; so group updates never
 * reach the dialogs: a command or a mention there gets one polite line pointing to the private chat.
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import express, { type Express, type Request } from 'express';
import { Bot, GrammyError, HttpError, InputFile, webhookCallback, type Context } from 'grammy';
import { autoRetry } from '@grammyjs/auto-retry';
import type { InboundActivity, Reply } from '../../../dialogs/activity.js';
import { catalogues, LOCALES, localeFromLanguageCode, t, DEFAULT_LOCALE } from '../../../dialogs/i18n/index.js';
import type { InboundPipeline } from '../inbound-pipeline.js';
import type { Logger } from '../../logger.js';
import { withTurn } from '../../logger.js';
import { ProviderError, type OutboundTelegram, type SendResult } from '../outbound.js';
import { renderTelegram, type TelegramCall } from './render.js';

export interface TelegramChannelOptions {
  token: string;
  apiRoot?: string;
  webhookUrl?: string;
  webhookSecret?: string;
  pipeline: InboundPipeline;
  logger: Logger;
  /** Marks the contact behind a Telegram user id as blocked. */
  onBlocked(userId: string): Promise<void>;
  isDraining?: () => boolean;
  /**
   * Long polling only: how often an update whose turn failed (database down) is tried again before grammY moves
   * past it, and the first pause (doubled each time). Default 6 attempts from 500 ms (about 15 s in all).
   */
  pollingRetry?: { attempts: number; firstDelayMs: number };
}

/** Compares a presented secret with the expected one in constant time (hashes first: equal lengths always). */
export function secretMatches(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false;
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** True for updates from a group, supergroup or channel: they never reach the dialogs (see the group policy). */
export function isGroupUpdate(ctx: Context): boolean {
  const chat = ctx.chat ?? ctx.callbackQuery?.message?.chat;
  return chat !== undefined && chat.type !== 'private';
}

/**
 * Whether a group message is meant for this bot: a command addressed to it (`/menu@OurBot`) or a mention of it.
 * A bare `/command` in a group may be for any bot there, and other chatter is not for us: both are ignored.
 */
export function addressesBot(ctx: Context): boolean {
  const text = ctx.message?.text ?? '';
  const username = ctx.me?.username?.toLowerCase();
  return username !== undefined && text.toLowerCase().includes(`@${username}`);
}

/** At most one private-chat notice per group in this time, so a group cannot make the bot post without limit. */
const GROUP_NOTICE_EVERY_MS = 10 * 60_000;

/** Translates one update into a neutral activity, or undefined for updates we do not handle (including groups). */
export function updateToActivity(ctx: Context): InboundActivity | undefined {
  const from = ctx.from;
  const chat = ctx.chat;
  if (!from || !chat || from.is_bot) return undefined;
  // A private chat's id is the user's id; anything else is a group and is not a conversation with a person.
  if (chat.type !== 'private' || chat.id !== from.id) return undefined;
  const base = {
    channel: 'telegram' as const,
    messageId: String(ctx.update.update_id),
    from: String(from.id),
    conversationId: String(chat.id),
    languageCode: from.language_code,
    displayName: [from.first_name, from.last_name].filter(Boolean).join(' ') || undefined,
  };
  if (ctx.callbackQuery) return typeof ctx.callbackQuery.data === 'string' ? { ...base, choice: ctx.callbackQuery.data } : undefined;
  const m = ctx.message;
  if (!m) return undefined;
  if (m.venue)
    return {
      ...base,
      location: { lat: m.venue.location.latitude, lng: m.venue.location.longitude, title: m.venue.title, address: m.venue.address },
    };
  if (m.location) return { ...base, location: { lat: m.location.latitude, lng: m.location.longitude } };
  if (m.contact) {
    // Only the person's own number links their phone (Telegram sets user_id for a shared own contact).
    if (m.contact.user_id !== from.id) return { ...base, text: '' };
    const digits = m.contact.phone_number.replace(/[^\d]/g, '');
    return { ...base, sharedPhone: `+${digits}` };
  }
  const text = m.text ?? m.caption ?? '';
  const start = /^\/start(?:@\w+)?(?:\s+(\S+))?\s*$/.exec(text);
  if (start) return start[1] ? { ...base, startPayload: start[1] } : { ...base, text: 'menu' };
  return { ...base, text, ...(m.reply_to_message ? { replyTo: String(m.reply_to_message.message_id) } : {}) };
}

export interface TelegramChannel {
  bot: Bot;
  outbound: OutboundTelegram;
  mount(app: Express): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createTelegramChannel(o: TelegramChannelOptions): TelegramChannel {
  const bot = new Bot(o.token, { client: o.apiRoot ? { apiRoot: o.apiRoot } : {} });
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 60 }));

  const perform = async (chatId: string, calls: TelegramCall[]): Promise<number | undefined> => {
    let lastId: number | undefined;
    for (const c of calls) {
      const sent =
        c.method === 'sendMessage'
          ? await bot.api.sendMessage(chatId, c.text, c.reply_markup ? { reply_markup: c.reply_markup as never } : {})
          : c.method === 'sendDocument'
            ? await bot.api.sendDocument(chatId, new InputFile(Buffer.from(c.content, 'utf8'), c.filename), { caption: c.caption })
            : await bot.api.sendVenue(chatId, c.latitude, c.longitude, c.title, c.address);
      lastId = sent.message_id;
    }
    return lastId;
  };

  const isBlocked = (err: unknown) => err instanceof GrammyError && err.error_code === 403;

  /**
   * Runs the update's turn. In webhook mode a failure answers 500 and Telegram delivers the update again; in long
   * polling grammY would move its offset past it (the message lost), so the turn is retried here, bounded, with
   * backoff (the pipeline released its claim, so a retry is processed, not taken for a duplicate).
   */
  const processUpdate = async (activity: InboundActivity) => {
    if (o.webhookUrl) return o.pipeline.process(activity);
    const { attempts, firstDelayMs } = o.pollingRetry ?? { attempts: 6, firstDelayMs: 500 };
    for (let attempt = 1; ; attempt++) {
      try {
        return await o.pipeline.process(activity);
      } catch (err) {
        if (attempt >= attempts || o.isDraining?.()) throw err;
        const delayMs = firstDelayMs * 2 ** (attempt - 1);
        o.logger.warn({ err, updateId: activity.messageId, attempt, delayMs }, 'telegram update failed; retrying');
        await new Promise((r) => setTimeout(r, delayMs));
      }
    }
  };

  // Every log line of one update's turn carries the same turn id.
  bot.use((_ctx, next) => withTurn(() => next()));

  const lastGroupNotice = new Map<number, number>();
  bot.on(['message', 'callback_query:data'], async (ctx) => {
    if (isGroupUpdate(ctx)) {
      const locale = localeFromLanguageCode(ctx.from?.language_code) ?? DEFAULT_LOCALE;
      const username = ctx.me?.username;
      const notice = t(locale, 'group.private_only', { link: username ? `: https://t.me/${username}` : '' });
      // A button pressed in a group: the notice as a toast to that person only, nothing posted to the group.
      if (ctx.callbackQuery)
        return void (await ctx
          .answerCallbackQuery({ text: notice.slice(0, 200) })
          .catch((err) => o.logger.warn({ err }, 'answerCallbackQuery failed')));
      const chatId = ctx.chat?.id ?? 0;
      const now = Date.now();
      if (ctx.from?.is_bot || !addressesBot(ctx) || now - (lastGroupNotice.get(chatId) ?? 0) < GROUP_NOTICE_EVERY_MS) return;
      lastGroupNotice.set(chatId, now);
      if (lastGroupNotice.size > 10_000) lastGroupNotice.delete(lastGroupNotice.keys().next().value!);
      o.logger.info({ chatType: ctx.chat?.type }, 'group chat: answered with the private-chat notice');
      await ctx.reply(notice);
      return;
    }
    const activity = updateToActivity(ctx);
    if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch((err) => o.logger.warn({ err }, 'answerCallbackQuery failed'));
    if (!activity) return;
    const outcome = await processUpdate(activity);
    // A duplicate update was answered when it first came (Telegram re-sends only what it could not deliver to us).
    if (outcome.kind === 'duplicate' || outcome.replies.length === 0) return;
    try {
      await perform(activity.conversationId, renderTelegram(outcome.replies));
    } catch (err) {
      if (isBlocked(err)) await o.onBlocked(activity.from);
      else throw err;
    }
  });

  bot.catch((err) => {
    o.logger.error({ err: err.error, updateId: err.ctx.update.update_id }, 'telegram update failed');
  });

  const outbound: OutboundTelegram = {
    async progress(chatId: string, messageId: string | undefined, text: string): Promise<string> {
      if (messageId) {
        await bot.api.editMessageText(chatId, Number(messageId), text).catch((err) => {
          // "message is not modified" is fine; anything else is logged, progress is best effort.
          if (!(err instanceof GrammyError && /not modified/.test(err.description))) o.logger.warn({ err }, 'progress edit failed');
        });
        return messageId;
      }
      return String((await bot.api.sendMessage(chatId, text)).message_id);
    },
    async send(chatId: string, replies: Reply[]): Promise<SendResult> {
      try {
        const id = await perform(chatId, renderTelegram(replies));
        return { providerMessageId: `tg:${chatId}:${id ?? 0}` };
      } catch (err) {
        if (err instanceof GrammyError) {
          throw new ProviderError(err.description, {
            provider: 'telegram',
            status: err.error_code,
            code: String(err.error_code),
            permanent: err.error_code !== 429 && err.error_code < 500,
            contactStopped: err.error_code === 403,
            retryAfterSeconds: err.parameters?.retry_after,
          });
        }
        if (err instanceof HttpError) throw new ProviderError(err.message, { provider: 'telegram', network: true, permanent: false });
        throw err;
      }
    },
  };

  let polling = false;
  return {
    bot,
    outbound,
    mount(app) {
      if (!o.webhookUrl) return;
      const secret = o.webhookSecret;
      // Config always provides one in webhook mode; refuse to mount an open door if a caller forgot.
      if (!secret) throw new Error('Telegram webhook mode needs a secret token');
      const handle = webhookCallback(bot, 'express', { onTimeout: 'return', timeoutMilliseconds: 25_000 });
      const authentic = (req: Request, res: express.Response, next: express.NextFunction) => {
        if (secretMatches(req.header('x-telegram-bot-api-secret-token'), secret)) return next();
        o.logger.warn(
          { path: req.path, hasSecret: req.header('x-telegram-bot-api-secret-token') !== undefined },
          'rejected a Telegram webhook without the right secret token',
        );
        res.status(401).end();
      };
      app.post('/telegram', authentic, express.json({ limit: '1mb' }), (req, res, next) => {
        if (o.isDraining?.()) return void res.status(503).end();
        if (!req.body || typeof req.body !== 'object' || typeof req.body.update_id !== 'number') {
          return void res.status(400).json({ error: 'expected a Telegram Update with update_id' });
        }
        return handle(req, res).catch(next);
      });
    },
    async start() {
      await bot.init();
      await registerCommands(bot).catch((err) => o.logger.warn({ err }, 'could not register Telegram commands'));
      if (o.webhookUrl) {
        await bot.api.setWebhook(o.webhookUrl, { secret_token: o.webhookSecret, allowed_updates: ['message', 'callback_query'] });
        o.logger.info({ url: o.webhookUrl }, 'telegram webhook set');
      } else {
        polling = true;
        void bot
          .start({
            allowed_updates: ['message', 'callback_query'],
            onStart: (me) => o.logger.info({ bot: me.username }, 'telegram long polling started'),
          })
          .catch((err) => {
            o.logger.error({ err }, 'telegram polling stopped');
          });
      }
    },
    async stop() {
      if (polling) await bot.stop();
    },
  };
}

const COMMANDS = ['menu', 'help', 'language', 'cancel', 'stop', 'delete'] as const;

/** The bot's command list with descriptions in one language. */
export function commandList(locale: (typeof LOCALES)[number]) {
  return COMMANDS.map((command) => ({ command, description: catalogues[locale][`cmd.${command}`] }));
}

async function registerCommands(bot: Bot) {
  await bot.api.setMyCommands(commandList('pl'));
  for (const l of LOCALES) await bot.api.setMyCommands(commandList(l), { language_code: l });
}
