/**
 * Starts everything for one process, top to bottom: database and seed data, repositories and services, dialog
 * engine, channels, routes, scheduled jobs, listening. `stop()` drains and closes in order. Used by main.ts and by
 * the end-to-end tests. The parts live in bot/compose/.
 */
import { lightBotbuilderCore } from '../dialogs/sdk-light.js';
import type { Server } from 'node:http';
import { openDatabase, type Database } from '../prisma/database.js';
import { seedIfEmpty } from '../prisma/seed/index.js';
import { DialogEngine } from '../dialogs/engine.js';
import { systemClock, type Clock } from '../dialogs/ports.js';
import { createUnderstanding } from '../dialogs/understanding/understand.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { InboundPipeline } from './channels/inbound-pipeline.js';
import { InboundRepository } from './repositories/inbound.js';
import type { OutboundSms, OutboundTelegram } from './channels/outbound.js';
import type { Geo } from './geo/index.js';
import type { EventReminders } from './events/reminders.js';
import type { BroadcastService } from './delivery/broadcasts.js';
import type { DeliveryWorker } from './delivery/worker.js';
import type { QuestionService } from './questions/service.js';
import { buildFeatures } from './compose/features.js';
import { createServices } from './compose/services.js';
import { createChannels, logStates } from './compose/channels.js';
import { adminAccess, publishAdminHandle } from './compose/admin-token.js';
import { buildApp } from './compose/routes.js';
import { createDeliveryWorker, scheduledJobs, startJobs } from './compose/jobs.js';
import { closeGracefully, listen } from './compose/listen.js';

export { buildFeatures };

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
  /** The database being opened by the caller (main.ts starts it before loading the server); owned like our own. */
  opening?: Promise<Database>;
}

export async function startServer(config: Config, logger: Logger, overrides: ServerOverrides = {}): Promise<RunningServer> {
  const clock = overrides.clock ?? systemClock;
  const db = overrides.db ?? (await (overrides.opening ?? openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })));
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

  const services = createServices(db, config, logger, clock);
  const { contacts, geo } = services;
  const engine = new DialogEngine({
    contacts,
    storage: services.storage,
    clock,
    // The features use the same services (events, notices, broadcasts, approvals, questions…) as the jobs.
    features: buildFeatures(geo, {
      ...services,
      prisma: db.prisma,
      botUsername: () => config.telegramBotUsername,
      approvalLimits: config.approvals,
    }),
    understanding: createUnderstanding({ places: geo.resolver }),
    logger,
  });
  const pipeline = new InboundPipeline({
    metrics: services.metrics,
    engine,
    inbound: new InboundRepository(db),
    clock,
    logger,
    // Per sender on both channels: SMS for the bill, Telegram so that one account cannot flood the turns.
    quotas: { sms: config.sms.repliesPerHour, telegram: config.telegramRepliesPerHour },
  });

  let draining = false;
  const isDraining = () => draining;
  const channels = await createChannels({ config, logger, pipeline, contacts, isDraining });
  services.outbound.sms = channels.sms;
  services.outbound.telegram = channels.telegram;
  const localSmsToken = channels.smsAuth.mode === 'local' ? channels.smsAuth.token : undefined;

  const jobDeps = { prisma: db.prisma, config, logger, clock, services };
  const worker = createDeliveryWorker(jobDeps, { sms: channels.sms, telegram: channels.telegram });
  const jobs = startJobs(scheduledJobs(jobDeps), { logger, worker });

  const admin = adminAccess(config, db, overrides.db !== undefined);
  const app = buildApp({ config, logger, db, clock, services, pipeline, channels, adminToken: admin.token, isDraining });
  const { http, port, url } = await listen(app, config);
  const removeAdminHandle = publishAdminHandle(config, admin, { port, smsToken: localSmsToken });
  logStates(channels, logger);
  if (!lightBotbuilderCore())
    logger.warn('botbuilder-core was loaded whole before dialogs/sdk-light.ts (an import of its index elsewhere): ~30 MB more memory');
  if (channels.telegramBot) await channels.telegramBot.start();
  logger.info({ port }, `listening on ${url} (public URL ${config.publicUrl})`);

  return {
    db,
    http,
    url,
    engine,
    geo,
    channels: channels.states,
    outbound: { sms: channels.sms, telegram: channels.telegram },
    localSmsToken,
    reminders: services.reminders,
    broadcasts: services.broadcasts,
    worker,
    questions: services.questions,
    stop: async () => {
      draining = true;
      await jobs.stop(); // schedules, the tick in flight, then the delivery worker
      await channels.telegramBot?.stop();
      await closeGracefully(http, config.shutdownTimeoutMs, logger);
      removeAdminHandle();
      await db.close();
    },
  };
}
