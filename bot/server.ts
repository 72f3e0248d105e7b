/**
 * Starts everything for one process: database, seed data, dialog engine, channels and the HTTP server.
 * `stop()` drains and closes in order. Used by main.ts and by the end-to-end tests.
 */
import { createUnderstanding } from '../dialogs/understanding/understand.js';
import type { Server } from 'node:http';
import { openDatabase, type Database } from '../prisma/database.js';
import { seedIfEmpty } from '../prisma/seed/index.js';
import { createApp } from './app.js';
import type { Config } from './config.js';
import { maskPhone, maskText, type Logger } from './logger.js';
import { DialogEngine } from '../dialogs/engine.js';
import { systemClock, type Clock } from '../dialogs/ports.js';
import type { Feature } from '../dialogs/feature.js';
import { ContactRepository } from './repositories/contacts.js';
import { InboundRepository } from './repositories/inbound.js';
import { DeliveryRepository } from './repositories/deliveries.js';
import { DialogStateStorage } from './state/dialog-state-storage.js';
import { InboundPipeline } from './channels/inbound-pipeline.js';
import { mountSmsRoutes, type SmsWebhookAuth } from './channels/sms/twilio-webhook.js';
// The provider SDKs (twilio 23 MB, grammY 24 MB) are loaded only for a channel that is live (see below).
import type { TelegramChannel } from './channels/telegram/telegram-channel.js';
import { LocalOutbox, type OutboundSms, type OutboundTelegram } from './channels/outbound.js';
import { createGeo, type Geo } from './geo/index.js';
import { nearestFeature } from '../dialogs/nearest/feature.js';
import { mountApi } from './http/api.js';
import { mountMap } from './http/map.js';
import { Metrics } from './http/metrics.js';
import { mountSecurity } from './http/security.js';
import { opsAccess } from './http/ops-access.js';
import { eventsFeature, coordinatorFeature } from '../dialogs/events/feature.js';
import type { CoordinatorPort } from '../dialogs/events/coordinator-ports.js';
import { CoordinationRepository } from './repositories/coordination.js';
import { SubscriptionRepository } from './repositories/subscriptions.js';
import { subscriptionsFeature } from '../dialogs/subscriptions/subscriptions-dialog.js';
import type { PrismaClient } from '../prisma/database.js';
import { EventRepository } from './repositories/events.js';
import { OutboundNotifier } from './notify.js';
import { EventReminders } from './events/reminders.js';
import { EventNotices } from './events/notices.js';
import type { ContactNotifier } from '../dialogs/events/ports.js';
import cron from 'node-cron';
import { BroadcastService } from './delivery/broadcasts.js';
import { DeliveryWorker } from './delivery/worker.js';
import { reportFinished, reportMissed } from './delivery/report.js';
import { BroadcastCommands } from './delivery/broadcast-port.js';
import { broadcastFeature } from '../dialogs/broadcasts/broadcast-dialog.js';
import { inviteFeature } from '../dialogs/roles/invite.js';
import { redeemInvite } from './admin/roles.js';
import { cancelSignup } from '../dialogs/events/events-dialog.js';
import { applyRetention } from './retention.js';
import { mountAdmin } from './http/admin.js';
import { writeAdminHandle } from './cli/running-server.js';
import { randomBytes } from 'node:crypto';
import { Approvals, thresholdsFromEnv } from './network/approvals.js';
import { networkFeatures } from './network/features.js';
import { QuestionService } from './questions/service.js';
import { retainQuestions } from './questions/retention.js';
import { questionFollowUpFeature, questionsFeature } from '../dialogs/questions/feature.js';
import { askButtonValue, recognizeQuestionCommand } from '../dialogs/questions/commands.js';

export interface RunningServer {
  db: Database;
  http: Server;
  url: string;
  engine: DialogEngine;
  geo: Geo;
  reminders: EventReminders;
  broadcasts: BroadcastService;
  worker: DeliveryWorker;
  questions: QuestionService;
  outbound: { sms: OutboundSms; telegram: OutboundTelegram };
  channels: Record<string, string>;
  /** Local mode only: the per-start SMS webhook token (in memory only; for in-process tests of remote requests). */
  localSmsToken?: string;
  stop(): Promise<void>;
}

export interface ServerOverrides {
  clock?: Clock;
  /** An already open database (tests); closed by stop(). */
  db?: Database;
}

/** The features in the main menu, in order. Adding a feature = one line here. */
export function buildFeatures(
  geo: Geo,
  deps: {
    prisma: PrismaClient;
    events: EventRepository;
    notifier: ContactNotifier;
    notices?: EventNotices;
    coordination: CoordinatorPort;
    broadcasts: BroadcastService;
    botUsername?: () => string | undefined;
    questions?: QuestionService;
    approvals?: Approvals;
  },
): Feature[] {
  // Four eyes for wide sends and sensitive profile changes (issue 17).
  const approvals = deps.approvals ?? new Approvals(deps.prisma, deps.notifier, thresholdsFromEnv());
  // Event notices go through the outbox (queued with the change, retried by the scheduler tick).
  const notices = deps.notices ?? new EventNotices(deps.prisma, deps.notifier);
  const links = {
    ...geo.links,
    telegramEvent: (id: number) => (deps.botUsername?.() ? `https://t.me/${deps.botUsername()}?start=event_${id}` : undefined),
  };
  // Residents ask an organisation of the last list they saw (without outbound ports: local outboxes that only record).
  const questions =
    deps.questions ??
    new QuestionService(deps.prisma, { sms: new LocalOutbox('sms'), telegram: new LocalOutbox('telegram') }, { clock: () => new Date() });
  return [
    questionsFeature(questions),
    nearestFeature({
      ...geo.ports,
      listed: (contactId, ids) => questions.rememberList(contactId, ids),
      askValue: askButtonValue,
      ownedElsewhere: (text) => recognizeQuestionCommand(text) !== undefined,
    }),
    eventsFeature({ events: deps.events, categories: geo.categories, notifier: deps.notifier, notices }),
    subscriptionsFeature({ subscriptions: new SubscriptionRepository(deps.prisma), categories: geo.categories }),
    coordinatorFeature({ coordination: deps.coordination, events: deps.events, notifier: deps.notifier, notices, links }),
    broadcastFeature(new BroadcastCommands(deps.prisma, deps.broadcasts, geo.categories, approvals)),
    ...networkFeatures(geo, { prisma: deps.prisma, approvals }),
    inviteFeature({ redeem: (contactId, code) => redeemInvite(deps.prisma, contactId, code) }),
    questionFollowUpFeature(questions),
  ];
}

export async function startServer(config: Config, logger: Logger, overrides: ServerOverrides = {}): Promise<RunningServer> {
  const clock = overrides.clock ?? systemClock;
  const db = overrides.db ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
  logger.info(
    { database: db.location, migrationsApplied: db.migrations },
    db.migrations.length ? `database ready (${db.migrations.length} migrations applied)` : 'database ready (up to date)',
  );
  const demo = await seedIfEmpty(db.prisma, config.demoData);
  if (demo)
    logger.info(
      demo,
      'empty database: loaded the DEMO dataset (invented organisations, marked as demo). Import real data with `npm run import -- <file>`.',
    );

  const storage = new DialogStateStorage(db);
  const contacts = new ContactRepository(db);
  const deliveries = new DeliveryRepository(db.prisma);
  const geo = createGeo(db.prisma, { publicUrl: config.publicUrl, gazetteerPath: config.gazetteerPath, geocoderUrl: config.geocoderUrl });
  const events = new EventRepository(db.prisma);
  // Outbound ports are known only after the channels are built; the notifier reads them when it sends.
  const outboundRef: { sms?: OutboundSms; telegram?: OutboundTelegram } = {};
  const notifier = new OutboundNotifier(
    db.prisma,
    { sms: { send: (to, b) => outboundRef.sms!.send(to, b) }, telegram: { send: (to, r) => outboundRef.telegram!.send(to, r) } },
    { transliterate: config.sms.transliterate, logger },
  );
  const notices = new EventNotices(db.prisma, notifier, { clock: () => clock.now(), maxAttempts: config.delivery.maxAttempts, logger });
  // "Delete my data" gives up held seats first, so the waitlist moves and the promoted person is told.
  contacts.beforeErase.push(async (contactId) => {
    for (const { event } of await events.mine(contactId, clock.now())) await cancelSignup({ events, notices }, event.id, contactId);
  });
  const broadcasts = new BroadcastService(db.prisma, {
    transliterate: config.sms.transliterate,
    pricePerSegment: config.delivery.pricePerSegment,
  });
  const approvals = new Approvals(db.prisma, notifier, thresholdsFromEnv());
  // Answers to residents' questions go out through the channels' outbound ports (read when sending, as the notifier does).
  const questions = new QuestionService(
    db.prisma,
    { sms: { send: (to, b) => outboundRef.sms!.send(to, b) }, telegram: { send: (to, r) => outboundRef.telegram!.send(to, r) } },
    {
      clock: () => clock.now(),
      escalateAfterMs: config.questionEscalationHours * 3_600_000,
      transliterate: config.sms.transliterate,
      logger,
    },
  );
  const engine = new DialogEngine({
    contacts,
    storage,
    clock,
    features: buildFeatures(geo, {
      prisma: db.prisma,
      events,
      notifier,
      notices,
      broadcasts,
      approvals,
      coordination: new CoordinationRepository(db.prisma),
      botUsername: () => config.telegramBotUsername,
      questions,
    }),
    understanding: createUnderstanding({ places: geo.resolver }),
    logger,
  });
  const metrics = new Metrics(db.prisma);
  const pipeline = new InboundPipeline({
    metrics,
    engine,
    inbound: new InboundRepository(db),
    clock,
    logger,
    // Per sender on both channels: SMS for the bill, Telegram so that one account cannot flood the turns.
    quotas: { sms: config.sms.repliesPerHour, telegram: config.telegramRepliesPerHour },
  });

  let draining = false;
  const isDraining = () => draining;
  const channels: Record<string, string> = {};

  // Local mode logs what it would have sent, masked like every log line; LOG_LEVEL=debug shows it whole.
  const logLocal = (channel: string) => (full: string, m: { to: string; body: string }) =>
    logger.isLevelEnabled('debug')
      ? logger.debug(full)
      : logger.info({ to: maskPhone(m.to), text: maskText(m.body) }, `[local ${channel}] not sent (local mode)`);

  // SMS: live with Twilio credentials; otherwise local mode: /sms accepts direct loopback requests, or requests
  // signed with a random token made now and never published (not logged, not in /healthz); sends are logged.
  let sms: OutboundSms;
  // Unsigned loopback requests only while we listen on loopback alone: on every interface, a reverse proxy on this
  // machine that adds no forwarding headers would make the internet's requests look local.
  const listensOnLoopbackOnly = ['127.0.0.1', '::1', 'localhost'].includes(config.host);
  const smsAuth: SmsWebhookAuth = config.twilio
    ? { mode: 'live', authToken: config.twilio.authToken }
    : { mode: 'local', token: randomBytes(32).toString('hex'), acceptLoopback: listensOnLoopbackOnly };
  if (config.twilio) {
    const { createTwilioSender } = await import('./channels/sms/twilio-sender.js');
    sms = createTwilioSender({ ...config.twilio, statusCallbackUrl: `${config.publicUrl}/sms/status` });
    channels.sms = `live: Twilio sender ${config.twilio.from}${config.twilio.apiUrl ? ` via ${config.twilio.apiUrl}` : ''}; webhook ${config.publicUrl}/sms`;
  } else {
    sms = new LocalOutbox('sms', logLocal('sms'));
    channels.sms =
      'local mode (no TWILIO_* credentials): POST /sms accepts only requests signed with a token made at this start (`npm run chat -- --url …` reads it from the data directory; listening on 127.0.0.1, unsigned requests from this machine too); outbound SMS are logged (masked; LOG_LEVEL=debug shows them whole), not sent';
  }

  let telegram: TelegramChannel | undefined;
  let tgOut: OutboundTelegram;
  if (config.telegram) {
    const { createTelegramChannel } = await import('./channels/telegram/telegram-channel.js');
    telegram = createTelegramChannel({
      ...config.telegram,
      pipeline,
      logger,
      isDraining,
      onBlocked: (userId) => contacts.setStatusByAddress('telegram', userId, 'BLOCKED', 'bot was blocked by the user'),
    });
    tgOut = telegram.outbound;
    channels.telegram = config.telegram.webhookUrl ? `live: webhook ${config.telegram.webhookUrl}` : 'live: long polling';
  } else {
    tgOut = new LocalOutbox('telegram', logLocal('telegram'));
    channels.telegram =
      'local mode (no TELEGRAM_BOT_TOKEN): outbound Telegram messages are logged; to chat as a Telegram user stop the server and run `npm run chat -- --telegram` (while it runs: `npm run chat -- --url http://localhost:PORT` as an SMS user)';
  }

  outboundRef.sms = sms;
  outboundRef.telegram = tgOut;
  const reminders = new EventReminders(db.prisma, notifier, config.eventReminders, notices);
  const worker = new DeliveryWorker(
    db.prisma,
    { sms, telegram: tgOut },
    {
      logger,
      rates: config.delivery,
      quietHours: config.delivery.quietHours,
      transliterate: config.sms.transliterate,
      maxAttempts: config.delivery.maxAttempts,
      clock: () => clock.now(),
      onProviderError: (channel, code) => metrics.providerErrors.inc({ channel, code }),
      onOutage: (channel, pauseMs) =>
        logger.warn({ channel, pauseMs }, 'provider outage: channel paused, deliveries wait without using attempts'),
      onRunFinished: (runId) => reportFinished(db.prisma, notifier, runId),
    },
  );
  const tick = async () => {
    await reminders.tick(clock.now()).catch((err) => logger.error({ err }, 'reminder tick failed'));
    // Event notices that could not go at once (provider down, process died mid-send) are retried here.
    await notices.tick(clock.now()).catch((err) => logger.error({ err }, 'event notice tick failed'));
    // Questions unanswered past QUESTION_ESCALATION_HOURS go to the administrators; answers that could not go are retried.
    await questions.tick(clock.now()).catch((err) => logger.error({ err }, 'question tick failed'));
    const due = await broadcasts.claimDue(clock.now()).catch((err) => {
      logger.error({ err }, 'broadcast tick failed');
      return { created: [], missed: [] as number[] };
    });
    for (const id of due.missed)
      await reportMissed(db.prisma, notifier, id).catch((err) => logger.error({ err, broadcastId: id }, 'missed-run report failed'));
    // A wide send whose time came while it waited for approval is reported (never sent, never moved).
    await approvals.reportOverdue(clock.now()).catch((err) => logger.error({ err }, 'approval overdue check failed'));
    if (due.created.length) logger.info({ runs: due.created }, 'broadcast runs started');
  };
  const retention = async () => {
    const r = await applyRetention(db.prisma, clock.now(), config.retention).catch((err) => logger.error({ err }, 'retention failed'));
    const q = await retainQuestions(db.prisma, clock.now(), config.retention.questionDays).catch((err) =>
      logger.error({ err }, 'question retention failed'),
    );
    if (q) logger.info({ questions: q }, 'retention: old questions closed and anonymised');
    if (r && (r.inboundMessages || r.conversations || r.senderQuotas || r.deliveries)) logger.info(r, 'retention: expired data removed');
  };
  const retentionTask = cron.schedule('17 * * * *', () => void retention());
  void retention();
  // One tick at a time; stop() waits for the one in flight, so a SIGTERM never cuts a run's planning or a reminder.
  let tickInFlight: Promise<void> | undefined;
  const runTick = () => {
    if (draining || tickInFlight) return;
    tickInFlight = tick().finally(() => (tickInFlight = undefined));
  };
  const reminderTask = cron.schedule('* * * * *', runTick);
  runTick(); // a run missed while the server was down goes out (or is reported) at start, not a minute later
  worker.start(1000);

  // Admin endpoint: ADMIN_TOKEN, or on the embedded database a fresh token per start published in <data dir>/admin.json.
  const ownsDataDir = db.kind === 'pglite' && !overrides.db && !config.dataDir.startsWith('memory://');
  const adminToken = config.adminToken ?? (ownsDataDir ? randomBytes(24).toString('hex') : undefined);
  // /metrics and /healthz's details: this machine, or METRICS_TOKEN from elsewhere (bot/http/ops-access.ts).
  const ops = opsAccess({ token: config.metricsToken, logger });
  const app = createApp({
    db,
    logger,
    channels,
    healthDetails: (req) => ops.check(req) === 'allowed',
    isDraining,
    trustProxy: config.trustProxy,
    webhooks: [
      (a) =>
        mountSmsRoutes(a, {
          pipeline,
          auth: smsAuth,
          publicUrl: config.publicUrl,
          transliterate: config.sms.transliterate,
          logger,
          isDraining,
          onStatus: async (u) => {
            const d = await deliveries.applyProviderStatus(u.providerMessageId, u.status, u.errorCode, clock.now());
            // Only the contact our delivery went to, never a number the callback names.
            if (u.stopped && d?.contactId && d.channel === 'SMS')
              await contacts.markStoppedByProvider(d.contactId, `Twilio error ${u.errorCode}`);
          },
        }),
      (a) => telegram?.mount(a),
    ],
    before: [(a) => mountSecurity(a, { apiRequestsPerMinute: config.apiRequestsPerMinute })],
    mount: [
      (a) => metrics.mount(a, ops.guard),
      (a) => {
        if (adminToken) mountAdmin(a, { token: adminToken, db, logger });
      },
      (a) => mountApi(a, geo),
      (a) =>
        mountMap(a, {
          prisma: db.prisma,
          geo,
          tileUrl: config.map.tileUrl,
          tileAttribution: config.map.tileAttribution,
          botUsername: () => {
            try {
              return config.telegramBotUsername ?? telegram?.bot.botInfo.username;
            } catch {
              return undefined; // grammY throws until the bot has asked Telegram who it is
            }
          },
          smsNumber: config.twilio?.from.startsWith('+') ? config.twilio.from : undefined,
        }),
    ],
  });
  const http = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.port, config.host, () => resolve(s));
    s.once('error', reject);
  });
  const addr = http.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const url = `http://localhost:${port}`;
  // The CLI reaches us on loopback when we listen on every interface, else on the address we listen on.
  const adminHost = ['0.0.0.0', '::', ''].includes(config.host)
    ? '127.0.0.1'
    : config.host.includes(':')
      ? `[${config.host}]`
      : config.host;
  const removeAdminHandle =
    ownsDataDir && adminToken
      ? writeAdminHandle(config.dataDir, {
          url: `http://${adminHost}:${port}`,
          token: adminToken,
          pid: process.pid,
          smsToken: smsAuth.mode === 'local' ? smsAuth.token : undefined,
          publicUrl: config.publicUrl,
        })
      : () => undefined;
  for (const [name, state] of Object.entries(channels)) logger.info({ channel: name }, `${name}: ${state}`);
  if (telegram) await telegram.start();
  logger.info({ port }, `listening on ${url} (public URL ${config.publicUrl})`);

  return {
    db,
    http,
    url,
    engine,
    geo,
    channels,
    outbound: { sms, telegram: tgOut },
    localSmsToken: smsAuth.mode === 'local' ? smsAuth.token : undefined,
    reminders,
    broadcasts,
    worker,
    questions,
    stop: async () => {
      draining = true;
      await reminderTask.stop();
      await retentionTask.stop();
      await tickInFlight;
      await worker.stop();
      await telegram?.stop();
      // Requests in flight finish (new webhooks meanwhile get 503 and are retried by the provider); after
      // SHUTDOWN_TIMEOUT_MS whatever still hangs is cut.
      await new Promise<void>((resolve) => {
        const cut = setTimeout(() => {
          logger.warn({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown: closing connections still open');
          http.closeAllConnections();
        }, config.shutdownTimeoutMs);
        http.close(() => {
          clearTimeout(cut);
          resolve();
        });
        http.closeIdleConnections();
      });
      removeAdminHandle();
      await db.close();
    },
  };
}
