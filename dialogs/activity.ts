/**
 * The neutral shapes that cross the boundary between channels and dialogs. Channel adapters translate provider
 * payloads into an {@link InboundActivity} and render {@link Reply} values for their channel; dialogs see nothing else.
 */

export type ChannelKind = 'sms' | 'telegram';

/**
 * What a channel can do, which is all dialogs may ask about it (they never branch on the channel's name):
 *  - buttons: replies can carry pressable choices (else the text must say what to type);
 *  - locationPin: the person can be asked to share their location with one tap;
 *  - verifiedSender: the provider vouches for who wrote (Telegram signs the user into the update; an SMS sender
 *    number can be forged), required for coordinator and broadcast commands and for linking a phone number.
 */
export interface ChannelCapabilities {
  buttons: boolean;
  locationPin: boolean;
  verifiedSender: boolean;
}

/** The one place that says what each channel can do. */
export const CHANNEL_CAPABILITIES: Record<ChannelKind, ChannelCapabilities> = {
  sms: { buttons: false, locationPin: false, verifiedSender: false },
  telegram: { buttons: true, locationPin: true, verifiedSender: true },
};

export interface GeoPoint {
  lat: number;
  lng: number;
}

export interface InboundActivity {
  channel: ChannelKind;
  /** Provider id of this message (Twilio MessageSid, Telegram update_id), for logs. */
  messageId: string;
  /** Who wrote: E.164 phone number for SMS, Telegram user id. */
  from: string;
  /** Where to answer: the phone number again, or the Telegram chat id. */
  conversationId: string;
  text?: string;
  /** A shared location (Telegram pin or venue). */
  location?: GeoPoint & { title?: string; address?: string };
  /** The value of a pressed button (Telegram callback data). */
  choice?: string;
  /** Telegram's language_code of the user, when the channel knows it. */
  languageCode?: string;
  /** Payload of a deep link (`/start event_12`). */
  startPayload?: string;
  /** A phone number the user shared about themselves (Telegram contact), E.164. */
  sharedPhone?: string;
  /** The id of the bot's message this one replies to (Telegram reply-to), as text. */
  replyTo?: string;
  /**
   * Whether the sender has a question open, when the webhook's claim already read it (the engine copies it from
   * TurnPreload, so the question feature does not ask the database again on every SMS turn); undefined when not known.
   */
  openQuestion?: boolean;
  displayName?: string;
}

export interface Choice {
  /** Stable value (used as Telegram callback data, max 64 bytes). */
  value: string;
  label: string;
}

export type Reply =
  | { kind: 'text'; text: string }
  | { kind: 'choices'; text: string; choices: Choice[] }
  | { kind: 'location_request'; text: string; button: string }
  | { kind: 'link'; text: string; url: string; label: string }
  | { kind: 'venue'; title: string; address: string; lat: number; lng: number }
  /** A file (Telegram document; on SMS only the caption). */
  | { kind: 'document'; filename: string; mime: string; content: string; caption: string }
  /** A ranked list (nearest organisations, events): each item can be picked like a choice. */
  | {
      kind: 'places';
      text: string;
      items: PlaceItem[];
      footer?: string;
      more?: Choice;
      link?: { url: string; label: string };
      numbered?: boolean;
    };

export interface PlaceItem {
  /** Choice value when the item is picked ("org:12"). */
  value: string;
  title: string;
  /** "350 m", "1,2 km" */
  distance?: string;
  /** Address, phone…, most important first: SMS drops from the end when space is short. */
  details: string[];
}
