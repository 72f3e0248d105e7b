import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Api, Context } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import { testDbKind } from './support/db.js';
import { startTestServer } from './support/server.js';
import { FakeTelegram, privateText } from './support/fake-telegram.js';
import { updateToActivity, commandList } from '../bot/channels/telegram/telegram-channel.js';
import { renderTelegram } from '../bot/channels/telegram/render.js';
import type { RunningServer } from '../bot/server.js';

const updates = JSON.parse(readFileSync(new URL('./fixtures/telegram/updates.json', import.meta.url), 'utf8')) as Record<string, Update>;
const me = { id: 123456, is_bot: true, first_name: 'Koszalin NGO', username: 'KoszalinNgoBot' } as UserFromGetMe;
const ctxOf = (u: Update) => new Context(u, new Api('123:x'), me);

describe('Telegram updates → neutral activities (recorded payloads)', () => {
  it.each([
    [
      'text',
      { text: 'pomoc', from: '7000001', conversationId: '7000001', languageCode: 'pl', messageId: '900000001', displayName: 'Anna K' },
    ],
    ['start_payload', { startPayload: 'event_12' }],
    ['start_plain', { text: 'menu', languageCode: 'en' }],
    ['location', { location: { lat: 54.1943, lng: 16.1722 } }],
    ['venue', { location: { lat: 54.1902, lng: 16.1805, title: 'Dworzec PKP', address: 'ul. Dworcowa' } }],
    ['own_contact', { sharedPhone: '+48600111222' }],
    ['someone_elses_contact', { text: '' }],
    ['callback', { choice: 'language', conversationId: '7000001' }],
    ['sticker', { text: '' }],
  ])('%s', (name, expected) => {
    const a = updateToActivity(ctxOf(updates[name]!));
    expect(a).toMatchObject({ channel: 'telegram', ...expected });
    if (name === 'someone_elses_contact') expect(a?.sharedPhone).toBeUndefined();
  });

  it('ignores messages from bots', () => {
    expect(updateToActivity(ctxOf(updates.from_bot!))).toBeUndefined();
  });

  it('renders choices as inline keyboards, location requests as a request_location keyboard, venues, and merges texts', () => {
    const calls = renderTelegram([
      { kind: 'text', text: 'A' },
      { kind: 'text', text: 'B' },
      { kind: 'choices', text: 'Pick', choices: [{ value: 'x', label: 'X' }] },
      { kind: 'location_request', text: 'Where?', button: 'Send my location' },
      { kind: 'link', text: 'Map', url: 'https://map.example.org/map?lat=1', label: 'Open' },
      { kind: 'link', text: 'Local map', url: 'http://localhost:3000/map', label: 'Open' },
      { kind: 'venue', title: 'Org', address: 'ul. X 1', lat: 54.1, lng: 16.1 },
    ]);
    expect(calls).toEqual([
      { method: 'sendMessage', text: 'A\n\nB', reply_markup: undefined },
      { method: 'sendMessage', text: 'Pick', reply_markup: { inline_keyboard: [[{ text: 'X', callback_data: 'x' }]] } },
      {
        method: 'sendMessage',
        text: 'Where?',
        reply_markup: {
          keyboard: [[{ text: 'Send my location', request_location: true }]],
          resize_keyboard: true,
          one_time_keyboard: true,
        },
      },
      {
        method: 'sendMessage',
        text: 'Map',
        reply_markup: { inline_keyboard: [[{ text: 'Open', url: 'https://map.example.org/map?lat=1' }]] },
      },
      { method: 'sendMessage', text: 'Local map\nhttp://localhost:3000/map', reply_markup: undefined },
      { method: 'sendVenue', latitude: 54.1, longitude: 16.1, title: 'Org', address: 'ul. X 1' },
    ]);
  });

  it('has command descriptions in three languages', () => {
    expect(commandList('pl').find((c) => c.command === 'help')?.description).toBe('Pomoc i komendy');
    expect(commandList('en').find((c) => c.command === 'delete')?.description).toBe('Delete my data');
    expect(commandList('uk').find((c) => c.command === 'stop')?.description).toBe('Зупинити всі повідомлення');
  });
});

describe(`Telegram end to end through a local Bot API (long polling) on ${testDbKind}`, () => {
  let tg: FakeTelegram;
  let server: RunningServer;
  beforeAll(async () => {
    tg = await new FakeTelegram().start();
    server = await startTestServer({ TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.url });
  });
  afterAll(async () => {
    await server?.stop();
    await tg?.stop();
  });

  it('registers commands in three languages at start', () => {
    const cmds = tg.calls.filter((c) => c.method === 'setMyCommands');
    expect(cmds.map((c) => c.payload.language_code ?? 'default')).toEqual(['default', 'pl', 'en', 'uk']);
  });

  it('an update becomes a reply with an inline keyboard; a button press is answered', async () => {
    tg.push(privateText(1, 1, { id: 42, first_name: 'Ola', language_code: 'en' }, 'hello') as never);
    await tg.waitFor(() => tg.sent(42).length >= 1);
    const first = tg.sent(42)[0]!.payload;
    expect(first.text).toMatch(/^Hello! .*What would you like to do\?/);
    expect(first.reply_markup).toEqual({
      inline_keyboard: [
        [{ text: 'Nearest organisations', callback_data: 'nearest' }],
        [{ text: 'Events', callback_data: 'events' }],
        [{ text: 'Subscriptions', callback_data: 'subscriptions' }],
        [{ text: 'Language', callback_data: 'language' }],
        [{ text: 'Help', callback_data: 'help' }],
      ],
    });
    tg.push({
      update_id: 2,
      callback_query: {
        id: 'cb1',
        from: { id: 42, is_bot: false, first_name: 'Ola', language_code: 'en' },
        chat_instance: '1',
        data: 'help',
        message: { message_id: 101, date: 1, chat: { id: 42, type: 'private' } },
      },
    } as never);
    await tg.waitFor(() => tg.sent(42).length >= 2);
    expect(tg.sent(42)[1]!.payload.text).toMatch(/^Send an address/);
    expect(tg.calls.some((c) => c.method === 'answerCallbackQuery' && c.payload.callback_query_id === 'cb1')).toBe(true);
  });

  it('a 403 "bot was blocked by the user" marks the contact blocked; writing again unblocks', async () => {
    tg.failNext('sendMessage', { error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    tg.push(privateText(3, 2, { id: 43, first_name: 'Jan', language_code: 'pl' }, 'pomoc') as never);
    const status = async () =>
      (
        await server.db.prisma.contactIdentity.findUnique({
          where: { channel_address: { channel: 'TELEGRAM', address: '43' } },
          include: { contact: true },
        })
      )?.contact.status;
    const end = Date.now() + 5000;
    while ((await status()) !== 'BLOCKED' && Date.now() < end) await new Promise((r) => setTimeout(r, 30));
    expect(await status()).toBe('BLOCKED');
    tg.push(privateText(4, 3, { id: 43, first_name: 'Jan', language_code: 'pl' }, 'menu') as never);
    await tg.waitFor(() => tg.sent(43).length >= 2);
    expect(await status()).toBe('ACTIVE');
  });

  it('429 retry_after is honoured (auto-retry) and the reply still arrives', async () => {
    tg.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
    const t0 = Date.now();
    tg.push(privateText(5, 4, { id: 44, first_name: 'Ewa', language_code: 'pl' }, 'pomoc') as never);
    await tg.waitFor(() => tg.sent(44).length >= 2, 8000);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    expect(tg.sent(44)[1]!.payload.text).toMatch(/^Napisz adres/);
  });
});

describe(`Telegram webhook mode on ${testDbKind}`, () => {
  let tg: FakeTelegram;
  let server: RunningServer;
  beforeAll(async () => {
    tg = await new FakeTelegram().start();
    server = await startTestServer({
      TELEGRAM_BOT_TOKEN: tg.token,
      TELEGRAM_API_ROOT: tg.url,
      TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/telegram',
      TELEGRAM_WEBHOOK_SECRET: 's3cret_token_for_tests',
    });
  });
  afterAll(async () => {
    await server?.stop();
    await tg?.stop();
  });
  const post = (body: unknown, secret = 's3cret_token_for_tests', type = 'application/json') =>
    fetch(`${server.url}/telegram`, {
      method: 'POST',
      headers: { 'content-type': type, 'x-telegram-bot-api-secret-token': secret },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('sets the webhook with the secret at start', () => {
    expect(tg.calls.find((c) => c.method === 'setWebhook')?.payload).toMatchObject({
      url: 'https://bot.example.org/telegram',
      secret_token: 's3cret_token_for_tests',
    });
  });

  it('answers an update once even when Telegram delivers it twice', async () => {
    expect((await post(updates.text)).status).toBe(200);
    expect((await post(updates.text)).status).toBe(200);
    await tg.waitFor(() => tg.sent(7000001).length >= 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(tg.sent(7000001)).toHaveLength(1);
    expect(tg.sent(7000001)[0]!.payload.text).toMatch(/^Napisz adres/);
  });

  it('rejects a wrong secret token (401) and a body that is not an update (400)', async () => {
    expect((await post({ ...updates.text, update_id: 1 }, 'wrong')).status).toBe(401);
    expect((await post({ hello: 'world' })).status).toBe(400);
    expect((await post('not json', 's3cret_token_for_tests', 'application/json')).status).toBe(400);
  });
});
