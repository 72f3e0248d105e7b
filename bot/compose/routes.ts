/**
 * The Express app with every route: the provider webhooks first (SMS, Telegram), then security headers and rate
 * limits, then /metrics, the admin endpoint, the public API and the map (bot/app.ts adds /healthz and the 404 and
 * error handlers).
 */
import type { Express } from 'express';
import type { Database } from '../../prisma/database.js';
import type { Clock } from '../../dialogs/ports.js';
import { createApp } from '../app.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { InboundPipeline } from '../channels/inbound-pipeline.js';
import { mountSmsRoutes } from '../channels/sms/twilio-webhook.js';
import { mountApi } from '../http/api.js';
import { mountMap } from '../http/map.js';
import { mountSecurity } from '../http/security.js';
import { mountAdmin } from '../http/admin.js';
import { opsAccess } from '../http/ops-access.js';
import type { Services } from './services.js';
import { telegramUsername, type Channels } from './channels.js';

export function buildApp(d: {
  config: Config;
  logger: Logger;
  db: Database;
  clock: Clock;
  services: Services;
  pipeline: InboundPipeline;
  channels: Channels;
  adminToken?: string;
  isDraining: () => boolean;
}): Express {
  const { config, logger, db, clock, channels, isDraining } = d;
  const { contacts, deliveries, geo, metrics } = d.services;
  // /metrics and /healthz's details: this machine, or METRICS_TOKEN from elsewhere (bot/http/ops-access.ts).
  const ops = opsAccess({ token: config.metricsToken, logger });
  return createApp({
    db,
    logger,
    channels: channels.states,
    healthDetails: (req) => ops.check(req) === 'allowed',
    isDraining,
    trustProxy: config.trustProxy,
    webhooks: [
      (a) =>
        mountSmsRoutes(a, {
          pipeline: d.pipeline,
          auth: channels.smsAuth,
          publicUrl: config.publicUrl,
          transliterate: config.sms.transliterate,
          logger,
          isDraining,
          onStatus: async (u) => {
            const dl = await deliveries.applyProviderStatus(u.providerMessageId, u.status, u.errorCode, clock.now());
            // Only the contact our delivery went to, never a number the callback names.
            if (u.stopped && dl?.contactId && dl.channel === 'SMS')
              await contacts.markStoppedByProvider(dl.contactId, `Twilio error ${u.errorCode}`);
          },
        }),
      (a) => channels.telegramBot?.mount(a),
    ],
    before: [(a) => mountSecurity(a, { apiRequestsPerMinute: config.apiRequestsPerMinute })],
    mount: [
      (a) => metrics.mount(a, ops.guard),
      (a) => {
        if (d.adminToken) mountAdmin(a, { token: d.adminToken, db, logger });
      },
      (a) => mountApi(a, geo),
      (a) =>
        mountMap(a, {
          prisma: db.prisma,
          geo,
          tileUrl: config.map.tileUrl,
          tileAttribution: config.map.tileAttribution,
          botUsername: () => telegramUsername(config, channels),
          smsNumber: config.twilio?.from.startsWith('+') ? config.twilio.from : undefined,
        }),
    ],
  });
}
