/**
 * npm run chat -- [--telegram] [--as <phone or telegram id>] [--lang en] [--url http://localhost:3000]
 *
 * Talk to the same dialog engine as an SMS user (default) or a Telegram user, on your laptop, with no accounts.
 * SMS replies are shown exactly as the SMS would read (transliteration, segments); Telegram buttons are shown
 * as [1] [2]… and a number presses the button. Location: type "@54.1943,16.1722" to send a Telegram pin.
 * With --url, the chat goes over HTTP to a running server's /sms webhook (signed with the local token), so it
 * works while `npm start` owns the embedded database.
 */
import { createInterface } from 'node:readline/promises';
import { stdin, stdout } from 'node:process';
import twilio from 'twilio';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { openDatabase, DataDirLockedError, type Database } from '../../prisma/database.js';
import { readAdminHandle } from './running-server.js';
import { seedIfEmpty } from '../../prisma/seed/index.js';
import { DialogEngine } from '../../dialogs/engine.js';
import { systemClock } from '../../dialogs/ports.js';
import type { InboundActivity, Reply } from '../../dialogs/activity.js';
import { ContactRepository } from '../repositories/contacts.js';
import { DialogStateStorage } from '../state/dialog-state-storage.js';
import { renderSms } from '../channels/sms/render.js';
import { renderTelegram } from '../channels/telegram/render.js';
import { buildFeatures } from '../server.js';
import { createGeo } from '../geo/index.js';
import { EventRepository } from '../repositories/events.js';
import { CoordinationRepository } from '../repositories/coordination.js';
import { BroadcastService } from '../delivery/broadcasts.js';
import { OutboundNotifier } from '../notify.js';
import { LocalOutbox } from '../channels/outbound.js';

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const telegram = args.includes('--telegram');
const config = loadConfig();
const who = opt('as') ?? (telegram ? '100200300' : '+48600000000');
const url = opt('url');

let send: (a: Omit<InboundActivity, 'channel' | 'from' | 'conversationId' | 'messageId'>) => Promise<Reply[] | string>;
let close = async (): Promise<void> => undefined;
let n = 0;

if (url) {
  if (telegram) {
    console.error('--url talks to the SMS webhook; drop --telegram, or stop the server to chat as a Telegram user.');
    process.exit(2);
  }
  // Signed as the running server checks it: over its PUBLIC_URL, with its Twilio token (live) or its per-start token
  // (local mode), both found in the admin handle it keeps in the data directory.
  const handle = readAdminHandle(config.dataDir);
  const signingToken = config.twilio?.authToken ?? handle?.smsToken;
  const publicUrl = handle?.publicUrl ?? config.publicUrl;
  send = async (a) => {
    const params = { MessageSid: `SMlocal${Date.now()}${++n}`, From: who, To: '+48000000000', Body: a.text ?? '' };
    const target = `${publicUrl}/sms`;
    const res = await fetch(`${url.replace(/\/$/, '')}/sms`, {
      method: 'POST',
      // A live server needs its Twilio auth token; one in local mode its per-start token from the data directory's
      // admin handle (or, listening on loopback alone, nothing).
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(signingToken ? { 'x-twilio-signature': twilio.getExpectedTwilioSignature(signingToken, target, params) } : {}),
      },
      body: new URLSearchParams(params),
    });
    const xml = await res.text();
    if (res.status !== 200) return `(HTTP ${res.status}) ${xml}`;
    return (/<Message>([\s\S]*)<\/Message>/.exec(xml)?.[1] ?? '(no reply)')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
  };
} else {
  let db: Database;
  try {
    db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      console.error(
        `${err.message}\nWhile the server runs, chat over HTTP instead:  npm run chat -- --url http://localhost:${config.port}`,
      );
      process.exit(2);
    }
    throw err;
  }
  await seedIfEmpty(db.prisma, config.demoData);
  const storage = new DialogStateStorage(db);
  const geo = createGeo(db.prisma, { publicUrl: config.publicUrl, gazetteerPath: config.gazetteerPath, geocoderUrl: config.geocoderUrl });
  const local = {
    sms: new LocalOutbox('sms', (m) => console.log(`\n${m}`)),
    telegram: new LocalOutbox('telegram', (m) => console.log(`\n${m}`)),
  };
  const notifier = new OutboundNotifier(db.prisma, local, { transliterate: config.sms.transliterate, logger: createLogger('error') });
  const features = buildFeatures(geo, {
    prisma: db.prisma,
    broadcasts: new BroadcastService(db.prisma, {
      transliterate: config.sms.transliterate,
      pricePerSegment: config.delivery.pricePerSegment,
    }),
    events: new EventRepository(db.prisma),
    notifier,
    coordination: new CoordinationRepository(db.prisma),
    botUsername: () => config.telegramBotUsername,
    approvalLimits: config.approvals,
  });
  const engine = new DialogEngine({
    contacts: new ContactRepository(db),
    storage,
    clock: systemClock,
    features,
    logger: createLogger('error'),
  });
  send = (a) =>
    engine.handle({
      channel: telegram ? 'telegram' : 'sms',
      from: who,
      conversationId: who,
      messageId: `local-${Date.now()}-${++n}`,
      languageCode: opt('lang'),
      ...a,
    });
  close = () => db.close();
}

let buttons: string[] = [];
function show(replies: Reply[] | string) {
  if (typeof replies === 'string') {
    console.log(`\n${replies}\n`);
    return;
  }
  if (!telegram) {
    const sms = renderSms(replies, { transliterate: config.sms.transliterate });
    console.log(`\n${sms.body}\n  [SMS: ${sms.info.segments} segment(s), ${sms.info.encoding}]\n`);
    return;
  }
  buttons = [];
  for (const c of renderTelegram(replies)) {
    if (c.method === 'sendDocument') {
      console.log(`\n📎 ${c.filename} (${c.caption}):\n${c.content}`);
      continue;
    }
    if (c.method === 'sendVenue') {
      console.log(`\n📍 ${c.title}, ${c.address} (${c.latitude}, ${c.longitude})`);
      continue;
    }
    console.log(`\n${c.text}`);
    const kb = c.reply_markup as
      | {
          inline_keyboard?: Array<Array<{ text: string; callback_data?: string; url?: string }>>;
          keyboard?: Array<Array<{ text: string }>>;
        }
      | undefined;
    for (const row of kb?.inline_keyboard ?? [])
      for (const b of row) {
        if (b.callback_data !== undefined) {
          buttons.push(b.callback_data);
          console.log(`  [${buttons.length}] ${b.text}`);
        } else console.log(`  [link] ${b.text}: ${b.url}`);
      }
    for (const row of kb?.keyboard ?? []) for (const b of row) console.log(`  [${b.text}] (type @lat,lng to share a location)`);
  }
  console.log('');
}

console.log(`Chatting as ${telegram ? 'Telegram user' : 'SMS sender'} ${who}${url ? ` via ${url}` : ''}. Type a message; Ctrl+D to quit.`);
const rl = createInterface({ input: stdin, output: stdout, terminal: stdin.isTTY });
rl.setPrompt('> ');
rl.prompt();
for await (const line of rl) {
  const pin = /^@\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/.exec(line);
  const press = telegram && /^\d+$/.test(line.trim()) ? buttons[Number(line.trim()) - 1] : undefined;
  try {
    if (pin && telegram) show(await send({ location: { lat: Number(pin[1]), lng: Number(pin[2]) } }));
    else if (press !== undefined) show(await send({ choice: press }));
    else show(await send({ text: line }));
  } catch (err) {
    console.error(`error: ${(err as Error).message}`);
  }
  rl.prompt();
}
await close();
