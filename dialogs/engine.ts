/**
 * The dialog engine: one turn in, neutral replies out, for every channel.
 *
 * A turn: resolve the contact, load the conversation's dialog state from the Storage (with its eTag), handle
 * global commands once (help, cancel, menu, language, STOP/START, delete my data), otherwise continue the active
 * dialog or start the main dialog; then save the state with the eTag it was read with. Turns of one conversation
 * are serialised in this process; a conflict with another process retries the turn on fresh state, so no update
 * is lost. A failing dialog is logged, the person gets an apology in their language and a fresh start.
 *
 * @example
 *   const engine = new DialogEngine({ contacts, storage, clock, features: [] });
 *   const replies = await engine.handle({ channel: 'sms', messageId: 'SM1', from: '+48…', conversationId: '+48…', text: 'pomoc' });
 */
import { conversationStateKey } from './state-key.js';
import {
  ActivityTypes,
  BotAdapter,
  DialogSet,
  DialogTurnStatus,
  TurnContext,
  type Activity,
  type ConversationReference,
  type DialogState,
  type ResourceResponse,
} from './sdk.js';
import { CHANNEL_CAPABILITIES, type InboundActivity, type Reply } from './activity.js';
import { recognizeGlobalCommand, type GlobalCommand } from './commands.js';
import { DeleteDataDialog } from './delete-data-dialog.js';
import type { Feature } from './feature.js';
import { DEFAULT_LOCALE, localeFromLanguageCode, t } from './i18n/index.js';
import { LanguageDialog } from './language-dialog.js';
import { MainDialog, type MainOptions } from './main-dialog.js';
import type { Clock, ContactPort, ConversationItem as StoredItem, ConversationStore, TurnPreload } from './ports.js';
import { StorageConflictError } from './storage-errors.js';
import { say, TURN_INFO, type TurnInfo } from './turn.js';
import type { UnderstandingPort } from './understanding/understand.js';
import type { Locale } from './i18n/index.js';

export interface EngineLogger {
  error(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface EngineDeps {
  contacts: ContactPort;
  storage: ConversationStore;
  clock: Clock;
  features: Feature[];
  logger?: EngineLogger;
  /**
   * The understanding step every typed message goes through (language, intent, category, place, dates); see
   * dialogs/understanding/. Without it, replies follow the stored language and only commands and keywords work.
   */
  understanding?: UnderstandingPort;
  /** Longest text a turn reads; the rest is ignored (default 1000 characters). */
  maxTextLength?: number;
}

interface ConversationItem extends StoredItem {
  dialogState?: DialogState;
  /** A language the person chose explicitly: replies stay in it whatever the messages are written in, until changed. */
  chosenLocale?: Locale;
}

/** Collects what dialogs send during a turn instead of calling a channel. */
class CollectingAdapter extends BotAdapter {
  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const out = context.turnState.get(REPLIES) as Reply[];
    for (const a of activities) {
      if (a.type !== ActivityTypes.Message) continue;
      const reply = (a.channelData as { reply?: Reply } | undefined)?.reply;
      if (reply) out.push(reply);
      else if (a.text) out.push({ kind: 'text', text: a.text });
    }
    return activities.map((_, i) => ({ id: String(i) }));
  }
  async updateActivity(): Promise<void> {
    throw new Error('replies are neutral values collected per turn; they are never edited afterwards');
  }
  async deleteActivity(): Promise<void> {
    throw new Error('replies are neutral values collected per turn; they are never deleted afterwards');
  }
  async continueConversation(_ref: Partial<ConversationReference>, _logic: (c: TurnContext) => Promise<void>): Promise<void> {
    throw new Error('proactive messages go through the delivery engine, not the dialog adapter');
  }
  run(context: TurnContext, logic: (c: TurnContext) => Promise<void>) {
    return this.runMiddleware(context, logic);
  }
}

const REPLIES = Symbol('replies');
const MAX_CONFLICT_RETRIES = 10;

/** Removes control characters (keeps new lines), trims, and caps the length. */
export function sanitizeText(text: string | undefined, max = 1000): string | undefined {
  if (text === undefined) return undefined;
  const clean = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\ufeff]/g, ' ').trim();
  return [...clean].slice(0, max).join('');
}

export class DialogEngine {
  private readonly adapter = new CollectingAdapter();
  private readonly dialogs: DialogSet;
  private readonly queues = new Map<string, Promise<unknown>>();
  /**
   * botbuilder's memory-scope configuration: built by the first dialog context of a turn and cached in that turn's
   * state only; its scopes read everything from the context, so one build serves every turn.
   */
  private stateManagerConfiguration: unknown;

  constructor(private readonly deps: EngineDeps) {
    // The DialogSet reads and writes the dialog stack through this accessor; the engine loads and saves it.
    this.dialogs = new DialogSet({
      get: async (ctx: TurnContext, def?: DialogState) => {
        const item = ctx.turnState.get(STATE) as ConversationItem;
        if (!item.dialogState && def) item.dialogState = def;
        return item.dialogState as DialogState;
      },
      set: async (ctx: TurnContext, value: DialogState) => {
        (ctx.turnState.get(STATE) as ConversationItem).dialogState = value;
      },
      delete: async (ctx: TurnContext) => {
        delete (ctx.turnState.get(STATE) as ConversationItem).dialogState;
      },
    });
    this.dialogs.add(new MainDialog(deps.features));
    this.dialogs.add(new DeleteDataDialog());
    this.dialogs.add(new LanguageDialog());
  }

  /**
   * Processes one inbound message and returns the replies to send, in order; they are kept with the dialog state
   * (see ConversationStore). `preload` saves the turn's first reads; it is used only when no other turn of this
   * conversation runs here first (that one would make it stale), and never for a retry after a conflict.
   */
  async handle(activity: InboundActivity, preload?: TurnPreload): Promise<Reply[]> {
    const key = conversationStateKey(activity);
    const previous = this.queues.get(key);
    const fresh = previous ? undefined : preload;
    // The previous turn's failure was reported to its own caller; this turn only waits for it to end.
    const run = (previous ?? Promise.resolve()).catch(() => undefined).then(() => this.handleWithRetry(activity, key, fresh));
    this.queues.set(key, run);
    try {
      return await run;
    } finally {
      if (this.queues.get(key) === run) this.queues.delete(key);
    }
  }

  private async handleWithRetry(activity: InboundActivity, key: string, preload: TurnPreload | undefined): Promise<Reply[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.turn(activity, key, attempt === 1 ? preload : undefined);
      } catch (err) {
        if (err instanceof StorageConflictError && attempt < MAX_CONFLICT_RETRIES) {
          // Another process finished a turn of this conversation first: back off with jitter, then redo on fresh state.
          await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
          continue;
        }
        throw err;
      }
    }
  }

  private async turn(activity: InboundActivity, key: string, preload: TurnPreload | undefined): Promise<Reply[]> {
    const { contacts, storage } = this.deps;
    const text = sanitizeText(activity.text, this.deps.maxTextLength);
    // What the caller's first round trip already read about the sender (only on the first attempt: a retried turn
    // reads afresh).
    const a: InboundActivity = { ...activity, text, openQuestion: activity.openQuestion ?? preload?.openQuestion };
    const hinted = localeFromLanguageCode(a.languageCode);
    if (a.conversationId !== a.from) {
      // A conversation with a person is theirs alone (an SMS number, a private Telegram chat whose id is the user's).
      // A shared chat would let anyone finish someone else's command, and would become the person's address:
      // no contact, no state, one line saying where to talk instead (channels should not send these at all).
      return [{ kind: 'text', text: t(hinted ?? DEFAULT_LOCALE, 'group.private_only', { link: '' }) }];
    }
    const contact =
      preload?.contact ??
      (await contacts.resolve(a.channel, a.from, {
        chatId: a.conversationId,
        locale: hinted ?? DEFAULT_LOCALE,
        displayName: a.displayName,
      }));
    if (contact.status === 'BLOCKED') {
      // Writing to us again means the person unblocked the bot.
      await contacts.setStatus(contact.id, 'ACTIVE', a.channel, text ?? '');
      contact.status = 'ACTIVE';
    }
    const stored = preload ? preload.state : await storage.read(key);
    const item: ConversationItem = (stored as ConversationItem | undefined) ?? {};
    const turn: TurnInfo = {
      activity: a,
      can: CHANNEL_CAPABILITIES[a.channel],
      contact,
      locale: contact.locale,
      erased: false,
      services: { contacts, clock: this.deps.clock },
    };
    const replies: Reply[] = [];
    const ctx = new TurnContext(this.adapter, {
      type: ActivityTypes.Message,
      id: a.messageId,
      channelId: a.channel,
      from: { id: a.from, name: a.displayName ?? '' },
      recipient: { id: 'bot', name: 'bot' },
      conversation: { id: a.conversationId, isGroup: false, conversationType: 'personal', name: '' },
      text: text ?? '',
      locale: contact.locale,
      timestamp: this.deps.clock.now(),
      serviceUrl: '',
    } as Partial<Activity>);
    ctx.turnState.set(TURN_INFO, turn);
    ctx.turnState.set(REPLIES, replies);
    ctx.turnState.set(STATE, item);
    if (this.stateManagerConfiguration) ctx.turnState.set(DIALOG_STATE_MANAGER_CONFIGURATION, this.stateManagerConfiguration);

    try {
      await this.understand(turn, item);
      await this.adapter.run(ctx, (c) => this.runDialogs(c, turn));
      if (turn.chosenLocale) item.chosenLocale = turn.chosenLocale;
      this.stateManagerConfiguration ??= ctx.turnState.get(DIALOG_STATE_MANAGER_CONFIGURATION);
    } catch (err) {
      if (err instanceof StorageConflictError) throw err;
      this.deps.logger?.error({ err, channel: a.channel, messageId: a.messageId, contactId: contact.id }, 'dialog turn failed');
      replies.length = 0;
      replies.push({ kind: 'text', text: t(turn.locale, 'error.generic') });
      delete item.dialogState;
      turn.listShown = undefined; // the list was not shown after all
    }
    if (!turn.erased) {
      const listShown = turn.listShown && { contactId: contact.id, organizationIds: turn.listShown };
      await storage.write(key, item, { channel: a.channel, messageId: a.messageId, replies, listShown });
    }
    return replies;
  }

  /**
   * Reads a typed message once (see dialogs/understanding/) and answers in its language: a message clearly in
   * another language becomes the stored language (a newcomer's first message sets it, with the sender's priors);
   * an explicit choice is kept until changed; "1", "ok", a number or a place name change nothing.
   */
  private async understand(turn: TurnInfo, item: ConversationItem): Promise<void> {
    const a = turn.activity;
    if (!this.deps.understanding || !a.text || a.choice !== undefined || a.startPayload) return;
    const u = await this.deps.understanding.understand({
      text: a.text,
      channel: a.channel,
      from: a.from,
      languageCode: a.languageCode,
      storedLocale: turn.contact.locale,
      // An explicit choice kept on the contact (it outlives the conversation's state), or made in this conversation.
      chosenLocale: item.chosenLocale ?? (turn.contact.localeChosen ? turn.contact.locale : undefined),
      first: turn.contact.isNew,
      now: this.deps.clock.now(),
    });
    turn.understood = u;
    // An exact command (KOD kos-7a6e-npxc) is keywords and codes: unless its words are clearly in another language
    // ("NETWORK CATEGORIES culture"), it is no evidence of one (the random letters of a code once read as English).
    if (u.replyLocale !== turn.locale && (u.langClear || !(await this.isExactFeatureCommand(a, turn.locale)))) {
      turn.locale = u.replyLocale;
      if (u.langClear || turn.contact.isNew) await this.deps.contacts.setLocale(turn.contact.id, u.replyLocale);
    }
  }

  private async runDialogs(ctx: TurnContext, turn: TurnInfo): Promise<void> {
    const a = turn.activity;
    const dc = await this.dialogs.createContext(ctx);
    if (a.startPayload) {
      await dc.cancelAllDialogs();
      await dc.beginDialog(MainDialog.id, { startPayload: a.startPayload } satisfies MainOptions);
      return;
    }
    if (a.sharedPhone && turn.can.verifiedSender) {
      const linked = await this.deps.contacts.linkPhone(turn.contact.id, a.sharedPhone);
      if (linked === 'other_account') {
        await say(ctx, 'contact.link_refused', { phone: a.sharedPhone });
        return;
      }
      await say(ctx, 'contact.linked', { phone: a.sharedPhone });
      return;
    }
    if (!a.text && !a.location && a.choice === undefined && !a.sharedPhone) {
      await say(ctx, 'empty_message');
      return;
    }
    let command = a.choice === undefined ? recognizeGlobalCommand(a.text) : undefined;
    if (!command && a.choice === undefined) {
      // "STOP" said in ordinary words, unless the message is a feature's exact command that happens to contain it
      // ("ODPOWIEDZ #5 mimo STOP" is an answer to a question, not an opt-out).
      const natural = naturalCommand(turn, dc.activeDialog !== undefined);
      if (natural && !(await this.isExactFeatureCommand(a, turn.locale))) command = natural;
    }
    if (command) {
      await this.runCommand(command, dc, turn);
      return;
    }
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(MainDialog.id, {} satisfies MainOptions);
  }

  /** Whether a feature with exact keywords (priority ≥ EXACT_KEYWORDS: ZAPISZ 12, NADAJ …, ODPOWIEDZ #5 …) claims this message. */
  private async isExactFeatureCommand(a: InboundActivity, locale: Locale): Promise<boolean> {
    // Asked at most once per message and language (the language step and the natural-STOP check both ask).
    const known = this.exactCommands.get(a)?.get(locale);
    if (known !== undefined) return known;
    let found = false;
    for (const f of this.deps.features) {
      if ((f.priority ?? 0) >= EXACT_KEYWORDS && f.recognize && (await f.recognize(a, locale)) !== undefined) {
        found = true;
        break;
      }
    }
    let byLocale = this.exactCommands.get(a);
    if (!byLocale) this.exactCommands.set(a, (byLocale = new Map()));
    byLocale.set(locale, found);
    return found;
  }
  private readonly exactCommands = new WeakMap<InboundActivity, Map<Locale, boolean>>();

  private async runCommand(command: GlobalCommand, dc: Awaited<ReturnType<DialogSet['createContext']>>, turn: TurnInfo): Promise<void> {
    const ctx = dc.context;
    const { contacts } = this.deps;
    switch (command.kind) {
      case 'help':
        await say(ctx, 'help.text');
        if (dc.activeDialog) await dc.repromptDialog();
        return;
      case 'cancel':
        if (dc.activeDialog) {
          await dc.cancelAllDialogs();
          await say(ctx, 'cancel.done');
        } else await say(ctx, 'cancel.nothing');
        return;
      case 'menu':
        await dc.cancelAllDialogs();
        await dc.beginDialog(MainDialog.id, { showMenu: true } satisfies MainOptions);
        return;
      case 'language':
        if (command.locale) {
          await contacts.setLocale(turn.contact.id, command.locale, true);
          turn.locale = command.locale;
          turn.chosenLocale = command.locale;
          await say(ctx, 'language.set');
          // No reprompt: an open dialog's prompt was rendered in the old language and would repeat in it. The dialog
          // stays open, so the next answer still continues it.
          return;
        }
        await dc.cancelAllDialogs();
        await dc.beginDialog(LanguageDialog.id);
        return;
      case 'stop':
        await dc.cancelAllDialogs();
        await contacts.setStatus(turn.contact.id, 'STOPPED', turn.activity.channel, turn.activity.text ?? '');
        turn.contact.status = 'STOPPED';
        await say(ctx, 'stop.done');
        return;
      case 'start':
        await dc.cancelAllDialogs();
        if (turn.contact.status === 'ACTIVE' && !turn.contact.isNew) {
          await say(ctx, 'start.already');
          return;
        }
        await contacts.setStatus(turn.contact.id, 'ACTIVE', turn.activity.channel, turn.activity.text ?? '');
        turn.contact.status = 'ACTIVE';
        await say(ctx, turn.contact.isNew ? 'welcome' : 'start.done');
        return;
      case 'delete':
        await dc.cancelAllDialogs();
        await dc.beginDialog(DeleteDataDialog.id);
        return;
    }
  }
}

/**
 * A global command said in ordinary words, from the understanding step: "nie chcę więcej SMS-ów", "stop sending
 * me messages", "більше не надсилайте" (STOP), "usuń mój numer z bazy" (delete my data), "po polsku proszę"
 * (that language). Inside a conversation only short messages count, so a longer answer to a question (an event
 * title, a broadcast text) is never taken for one.
 */
function naturalCommand(turn: TurnInfo, inDialog: boolean): GlobalCommand | undefined {
  const u = turn.understood;
  if (!u || (inDialog && (turn.activity.text ?? '').split(/\s+/).length > 8)) return undefined;
  if (u.intent === 'stop') return { kind: 'stop' };
  if (u.intent === 'delete_data') return { kind: 'delete' };
  if (u.intent === 'language') return { kind: 'language', locale: u.languageAsked };
  return undefined;
}

/** Features at this priority or above recognise exact keywords (see Feature.priority). */
const EXACT_KEYWORDS = 10;

const STATE = Symbol('conversationState');
/** The turn-state key under which botbuilder-dialogs' DialogStateManager caches its configuration. */
const DIALOG_STATE_MANAGER_CONFIGURATION = 'DialogStateManagerConfiguration';
