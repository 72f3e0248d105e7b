/**
 * A delivery worker process for the crash and multi-process tests: DATABASE_URL, TWILIO_API_URL and LEASE_MS
 * from the environment; sends SMS through the real twilio client (to the fake server) until killed.
 * Plain JavaScript on the production build (dist/, kept fresh by the global setup), like the spawned servers: no
 * TypeScript loader to start in each worker (about a second each).
 */
import { openDatabase } from '../../dist/prisma/database.js';
import { DeliveryWorker } from '../../dist/bot/delivery/worker.js';
import { createTwilioSender } from '../../dist/bot/channels/sms/twilio-sender.js';
import { LocalOutbox } from '../../dist/bot/channels/outbound.js';

const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL, poolSize: 5 });
const sms = createTwilioSender({
  accountSid: `AC${'0'.repeat(32)}`,
  authToken: 't',
  from: '+48500000000',
  apiUrl: process.env.TWILIO_API_URL,
});
const worker = new DeliveryWorker(
  db.prisma,
  { sms, telegram: new LocalOutbox('telegram') },
  {
    rates: { smsPerSecond: Number(process.env.SMS_RATE ?? Infinity), telegramPerSecond: Infinity },
    quietHours: null,
    transliterate: true,
    leaseMs: Number(process.env.LEASE_MS ?? 60_000),
    batchSize: Number(process.env.BATCH ?? 50),
  },
);
worker.start(50);
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  void worker
    .stop()
    .then(() => db.close())
    .then(() => process.exit(0));
});
