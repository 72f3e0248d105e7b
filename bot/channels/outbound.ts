/**
 * Outbound ports: how broadcasts, reminders and progress messages leave the system. One per channel; the
 * local-mode implementations record messages instead of sending them.
 */
import type { Reply } from '../../dialogs/activity.js';
import { renderPlain } from '../../dialogs/render-plain.js';

export interface SendResult {
  providerMessageId: string;
}

export interface OutboundSms {
  send(to: string, body: string): Promise<SendResult>;
}

export interface OutboundTelegram {
  send(chatId: string, replies: Reply[]): Promise<SendResult>;
  /** Posts (no messageId) or edits a one-line progress message; returns its message id. */
  progress?(chatId: string, messageId: string | undefined, text: string): Promise<string>;
}

/** A provider refused or failed a send. `permanent` failures are not retried. */
export class ProviderError extends Error {
  readonly provider: string;
  readonly status?: number;
  readonly code?: string;
  readonly permanent: boolean;
  readonly network: boolean;
  /** The recipient opted out or blocked us (Twilio 21610, Telegram 403). */
  readonly contactStopped: boolean;
  readonly retryAfterSeconds?: number;

  constructor(
    message: string,
    o: {
      provider: string;
      status?: number;
      code?: string;
      permanent: boolean;
      network?: boolean;
      contactStopped?: boolean;
      retryAfterSeconds?: number;
    },
  ) {
    super(message);
    this.name = 'ProviderError';
    this.provider = o.provider;
    this.status = o.status;
    this.code = o.code;
    this.permanent = o.permanent;
    this.network = o.network ?? false;
    this.contactStopped = o.contactStopped ?? false;
    this.retryAfterSeconds = o.retryAfterSeconds;
  }
}

/** Local mode: keeps what would have been sent, and logs it. */
/** The default of a LocalOutbox nobody reads (tests that only count what would have been sent). */
const noLog = (_msg: string, _m: { to: string; body: string }): void => undefined;

export class LocalOutbox implements OutboundSms, OutboundTelegram {
  readonly sent: Array<{ to: string; body: string; at: Date }> = [];
  private n = 0;
  /** `log` gets the whole message (for the chat CLI) and the recipient and text separately (for masked logs). */
  constructor(
    private readonly channel: 'sms' | 'telegram',
    private readonly log: (msg: string, m: { to: string; body: string }) => void = noLog,
  ) {}
  async send(to: string, bodyOrReplies: string | Reply[]): Promise<SendResult> {
    const body = typeof bodyOrReplies === 'string' ? bodyOrReplies : bodyOrReplies.map(renderPlain).join('\n');
    this.sent.push({ to, body, at: new Date() });
    this.log(`[local ${this.channel}] to ${to}: ${body}`, { to, body });
    return { providerMessageId: `local-${this.channel}-${++this.n}` };
  }
  async progress(chatId: string, messageId: string | undefined, text: string): Promise<string> {
    this.log(`[local ${this.channel}] progress ${messageId ?? 'new'} to ${chatId}: ${text}`, { to: chatId, body: text });
    return messageId ?? String(++this.n);
  }
}
