/**
 * A local stand-in for the Telegram Bot API (what grammY's `client.apiRoot` points at): answers getMe,
 * getUpdates (long polling over queued updates), sendMessage, sendVenue and the set-up calls, records every call,
 * and can be told to fail the next call of a method with a Bot API error.
 */
import { createServer, type Server } from 'node:http';

export interface RecordedCall {
  method: string;
  payload: Record<string, unknown>;
}

export class FakeTelegram {
  readonly calls: RecordedCall[] = [];
  private updates: Array<Record<string, unknown> & { update_id: number }> = [];
  private failures = new Map<string, Array<{ error_code: number; description: string; parameters?: object }>>();
  private delays = new Map<string, number[]>();
  private server?: Server;
  private messageId = 100;
  private waiters: Array<() => void> = [];
  url = '';

  constructor(readonly token = '123456:TEST-TOKEN-abcdefghijklmnopqrstuvwxyz') {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', async () => {
        const m = /^\/bot([^/]+)\/(\w+)/.exec(req.url ?? '');
        const send = (status: number, obj: unknown) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(obj));
        };
        if (!m || m[1] !== this.token) return send(401, { ok: false, error_code: 401, description: 'Unauthorized' });
        const method = m[2]!;
        let payload: Record<string, unknown> = {};
        try {
          payload = body ? JSON.parse(body) : {};
        } catch {
          payload = Object.fromEntries(new URLSearchParams(body));
        }
        if (method !== 'getUpdates') this.calls.push({ method, payload });
        const delay = this.delays.get(method)?.shift();
        if (delay) await new Promise((r) => setTimeout(r, delay));
        const fail = this.failures.get(method)?.shift();
        if (fail) return send(fail.error_code, { ok: false, ...fail });
        send(200, { ok: true, result: await this.answer(method, payload) });
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', () => r()));
    const addr = this.server.address();
    this.url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    return this;
  }

  private async answer(method: string, p: Record<string, unknown>): Promise<unknown> {
    switch (method) {
      case 'getMe':
        return {
          id: 123456,
          is_bot: true,
          first_name: 'Koszalin NGO',
          username: 'KoszalinNgoBot',
          can_join_groups: false,
          can_read_all_group_messages: false,
          supports_inline_queries: false,
        };
      case 'getUpdates': {
        const offset = Number(p.offset ?? 0);
        this.updates = this.updates.filter((u) => u.update_id >= offset);
        if (this.updates.length === 0)
          await new Promise<void>((r) => {
            const timer = setTimeout(r, Math.min(Number(p.timeout ?? 0), 1) * 1000);
            this.waiters.push(() => {
              clearTimeout(timer);
              r();
            });
          });
        return this.updates.filter((u) => u.update_id >= offset);
      }
      case 'sendMessage':
      case 'sendVenue':
        return {
          message_id: ++this.messageId,
          date: Math.floor(Date.now() / 1000),
          chat: { id: Number(p.chat_id), type: 'private' },
          text: p.text,
        };
      default:
        return true;
    }
  }

  /** Queues an update for the next getUpdates. */
  push(update: Record<string, unknown> & { update_id: number }) {
    this.updates.push(update);
    for (const w of this.waiters.splice(0)) w();
  }

  /** The next call of `method` is answered only after `ms` (a slow Bot API). */
  delayNext(method: string, ms: number) {
    this.delays.set(method, [...(this.delays.get(method) ?? []), ms]);
  }

  failNext(method: string, error: { error_code: number; description: string; parameters?: object }) {
    this.failures.set(method, [...(this.failures.get(method) ?? []), error]);
  }

  sent(chatId?: number | string) {
    return this.calls.filter(
      (c) =>
        (c.method === 'sendMessage' || c.method === 'sendVenue') && (chatId === undefined || String(c.payload.chat_id) === String(chatId)),
    );
  }

  async waitFor(pred: () => boolean, ms = 5000) {
    const end = Date.now() + ms;
    while (!pred()) {
      if (Date.now() > end) throw new Error(`timed out; calls so far: ${JSON.stringify(this.calls.map((c) => c.method))}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async stop() {
    for (const w of this.waiters.splice(0)) w();
    await new Promise<void>((r) => this.server?.close(() => r()) ?? r());
  }
}

/** A private-chat text message from a user, as the Bot API delivers it in an update. */
export function privateText(
  updateId: number,
  messageId: number,
  user: { id: number; first_name: string; language_code: string },
  text: string,
) {
  return {
    update_id: updateId,
    message: { message_id: messageId, from: { ...user, is_bot: false }, chat: { id: user.id, type: 'private' }, date: 1, text },
  };
}
