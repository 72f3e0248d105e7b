/**
 * What a dialog knows about the current turn, and how it answers. Dialogs call `say(ctx, …)` and `info(ctx)`;
 * they never see a channel SDK.
 */
import type { TurnContext } from 'botbuilder-core';
import type { ChannelCapabilities, InboundActivity, Reply } from './activity.js';
import type { Actor, Clock, ContactPort, ContactSummary } from './ports.js';
import { t, type Locale, type MessageKey } from './i18n/index.js';
import type { Understanding } from './understanding/understand.js';
import { renderPlain } from './render-plain.js';

export interface TurnInfo {
  activity: InboundActivity;
  /** What the activity's channel can do (CHANNEL_CAPABILITIES). */
  can: ChannelCapabilities;
  contact: ContactSummary;
  locale: Locale;
  /** What the understanding step read from a typed message (absent for buttons, pins, deep links). */
  understood?: Understanding;
  /** Set when the person chose a language explicitly this turn (JĘZYK / LANGUAGE / МОВА): it sticks. */
  chosenLocale?: Locale;
  /** Set when the contact was erased during this turn: nothing more is stored. */
  erased: boolean;
  /** The organisations this turn's list (or details) showed, in order: stored with the turn's state (TurnRecord). */
  listShown?: number[];
  services: CoreServices;
}

/** Ports every turn may use; feature dialogs get their own ports through their constructors. */
export interface CoreServices {
  contacts: ContactPort;
  clock: Clock;
}

export const TURN_INFO = Symbol('turnInfo');

/** The person of this turn as ports authorise them: privileged ports refuse an actor whose channel is not verified. */
export function actorOf(turn: TurnInfo): Actor {
  return {
    contactId: turn.contact.id,
    verifiedChannel: turn.can.verifiedSender,
    message: `${turn.activity.channel}:${turn.activity.messageId}`,
  };
}

export function info(ctx: TurnContext): TurnInfo {
  const v = ctx.turnState.get(TURN_INFO) as TurnInfo | undefined;
  if (!v) throw new Error('turn info missing: the turn was not started by DialogEngine');
  return v;
}

/** Sends a neutral reply (or a catalogue text by key) through the botbuilder pipeline. */
export async function say(ctx: TurnContext, reply: Reply | MessageKey, params?: Record<string, string | number>): Promise<void> {
  const r: Reply = typeof reply === 'string' ? { kind: 'text', text: tr(ctx, reply, params) } : reply;
  await ctx.sendActivity({ type: 'message', text: renderPlain(r), channelData: { reply: r } });
}

/** Translates a key into the language of this turn. */
export function tr(ctx: TurnContext, key: MessageKey, params?: Record<string, string | number>): string {
  return t(info(ctx).locale, key, params);
}
