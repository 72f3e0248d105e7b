/**
 * A feature is a conversation reachable from the main menu (nearest organisations, events, subscriptions…).
 * Adding one = one dialog file + one entry in the list passed to the engine.
 */
import type { Dialog } from './sdk.js';
import type { InboundActivity } from './activity.js';
import type { Locale, MessageKey } from './i18n/index.js';
import type { Understanding } from './understanding/understand.js';

export interface Feature {
  /** Dialog id; also the menu choice value. */
  id: string;
  /** The menu entry; a feature without one is reached only by its keywords (coordinator commands). */
  menuLabel?: MessageKey;
  /** The dialogs this feature needs (the first one is started). */
  dialogs: Dialog[];
  /**
   * Recognises a first message that belongs to this feature ("Zwycięstwa 117 seniorzy", "JOIN 12") and returns the
   * options to begin the dialog with, or undefined.
   */
  recognize?(activity: InboundActivity, locale: Locale): Promise<object | undefined> | object | undefined;
  /**
   * The options to begin this feature's dialog with for a message the understanding step read ("klub seniora
   * os. Tysiąclecia" → nearest, seniors, that district), or undefined when the request is not this feature's.
   * Asked after the exact keywords of all features.
   */
  fromUnderstanding?(understood: Understanding): object | undefined;
  /**
   * Features with exact keywords (ZAPISZ 12, FOLLOW SPORT) are asked before free-text ones (a place). Default 0.
   * 10 or more means "exact keywords": such a message is never also read as STOP said in ordinary words.
   */
  priority?: number;
  /** Options for a deep-link payload (`event_12`), or undefined when the payload is not this feature's. */
  fromStartPayload?(payload: string): object | undefined;
}
