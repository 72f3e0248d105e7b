import { createHmac } from 'node:crypto';
import { parseOffsets } from './events/offsets.js';
/**
 * The one place that reads environment variables. Validated at start: a bad value stops the process with a
 * message that names the variable, instead of failing later in the middle of a conversation.
 * Every variable is documented in README.md ("Configuration").
 */

export interface Config {
  port: number;
  host: string;
  /** Public base URL (https://example.org), used for Twilio signatures, map links and webhooks. */
  publicUrl: string;
  dataDir: string;
  databaseUrl?: string;
  logLevel: string;
  /** Load the demo dataset into an empty database at start. */
  demoData: boolean;
  twilio?: {
    accountSid: string;
    authToken: string;
    /** Sender: a phone number in E.164 or a Messaging Service SID (MG…). */
    from: string;
    apiUrl?: string;
  };
  sms: {
    transliterate: boolean;
    repliesPerHour: number;
  };
  telegram?: {
    token: string;
    apiRoot?: string;
    webhookUrl?: string;
    /** Always set in webhook mode: TELEGRAM_WEBHOOK_SECRET, or a strong one generated at start. */
    webhookSecret?: string;
    /** The secret was generated at start (nobody configured one). */
    webhookSecretGenerated?: boolean;
  };
  /** Turns one Telegram user gets answered per hour (TELEGRAM_REPLIES_PER_HOUR); past it one notice, then silence. */
  telegramRepliesPerHour: number;
  /** Residents' questions unanswered this many hours go to the administrators (QUESTION_ESCALATION_HOURS, default 48). */
  questionEscalationHours: number;
  /** For t.me links (also in local mode, for a bot run elsewhere); asked from Telegram when unset. */
  telegramBotUsername?: string;
  timezone: string;
  /** Nominatim-compatible geocoder, used only after the gazetteer fails (off when unset). */
  geocoderUrl?: string;
  /** Replacement gazetteer file (default bot/geo/data/gazetteer.koszalin.json). */
  gazetteerPath?: string;
  map: { tileUrl: string; tileAttribution: string };
  /** Minutes before an event when reminders go out, largest first (EVENT_REMINDERS, default "24h,2h"). */
  eventReminders: number[];
  /** Data retention (see bot/retention.ts). */
  retention: { inboundDays: number; conversationHours: number; deliveryDays: number; questionDays: number };
  /** Bearer token for /metrics and /healthz details from other machines (METRICS_TOKEN); this machine needs none. */
  metricsToken?: string;
  /** Bearer token for /admin/* (ADMIN_TOKEN); without it the endpoints are not mounted. */
  adminToken?: string;
  /** How long SIGTERM waits for requests in flight before closing connections (ms). */
  shutdownTimeoutMs: number;
  /** Express trust proxy setting (TRUST_PROXY): "loopback" (default), a number of hops, or addresses. */
  trustProxy: string | number;
  /** Requests per minute per client on /api/ (API_REQUESTS_PER_MINUTE). */
  apiRequestsPerMinute: number;
  /**
   * Four eyes (issue 17): a broadcast or bulletin to more people than `recipients` (BROADCAST_APPROVAL_RECIPIENTS) or
   * costing more than `cost` PLN in SMS (BROADCAST_APPROVAL_COST) waits for an administrator; so does an organisation
   * moving its own map point farther than `profileMeters` (PROFILE_APPROVAL_METERS).
   */
  approvals: { recipients: number; cost: number; profileMeters: number };
  delivery: {
    telegramPerSecond: number;
    smsPerSecond: number;
    /** SMS are not sent in these Warsaw hours unless a broadcast is urgent; null to send any time. */
    quietHours: { start: string; end: string } | null;
    pricePerSegment: number;
    maxAttempts: number;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}\nSee README.md, "Configuration".`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const str = (name: string) => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  const int = (name: string, dflt: number, min: number, max: number) => {
    const raw = str(name);
    if (raw === undefined) return dflt;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name}="${raw}" must be a whole number from ${min} to ${max}`);
      return dflt;
    }
    return n;
  };
  const bool = (name: string, dflt: boolean) => {
    const raw = str(name)?.toLowerCase();
    if (raw === undefined) return dflt;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    problems.push(`${name}="${raw}" must be true or false`);
    return dflt;
  };
  const url = (name: string, protocols: string[]) => {
    const raw = str(name);
    if (raw === undefined) return undefined;
    try {
      const u = new URL(raw);
      if (!protocols.includes(u.protocol)) throw new Error();
      return raw.replace(/\/+$/, '');
    } catch {
      problems.push(`${name}="${raw}" must be a ${protocols.join(' or ')} URL`);
      return undefined;
    }
  };

  const port = int('PORT', 3000, 0, 65535);
  const host = str('HOST') ?? '0.0.0.0';
  const publicUrl = url('PUBLIC_URL', ['http:', 'https:']) ?? `http://localhost:${port}`;
  const databaseUrl = url('DATABASE_URL', ['postgres:', 'postgresql:']);
  const logLevel = str('LOG_LEVEL') ?? 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel))
    problems.push(`LOG_LEVEL="${logLevel}" must be one of fatal, error, warn, info, debug, trace, silent`);

  const sid = str('TWILIO_ACCOUNT_SID');
  const token = str('TWILIO_AUTH_TOKEN');
  const from = str('TWILIO_FROM');
  let twilio: Config['twilio'];
  if (sid || token || from) {
    if (!sid || !/^AC[0-9a-fA-F]{32}$/.test(sid))
      problems.push('TWILIO_ACCOUNT_SID must be set to your Account SID (AC followed by 32 hex digits) when Twilio is configured');
    if (!token) problems.push('TWILIO_AUTH_TOKEN must be set when Twilio is configured');
    if (!from || !(/^\+[1-9]\d{6,14}$/.test(from) || /^MG[0-9a-fA-F]{32}$/.test(from)))
      problems.push('TWILIO_FROM must be an E.164 number (+48…) or a Messaging Service SID (MG…)');
    twilio = { accountSid: sid ?? '', authToken: token ?? '', from: from ?? '', apiUrl: url('TWILIO_API_URL', ['http:', 'https:']) };
  }

  const tgToken = str('TELEGRAM_BOT_TOKEN');
  let telegram: Config['telegram'];
  if (tgToken) {
    if (!/^\d+:[\w-]{20,}$/.test(tgToken)) problems.push('TELEGRAM_BOT_TOKEN does not look like a bot token from @BotFather (123456:ABC…)');
    const configuredSecret = str('TELEGRAM_WEBHOOK_SECRET');
    if (configuredSecret && !/^[A-Za-z0-9_-]{16,256}$/.test(configuredSecret))
      problems.push(
        'TELEGRAM_WEBHOOK_SECRET must be 16-256 characters of A-Z, a-z, 0-9, _ and - (or leave it unset: a strong one is generated at start)',
      );
    const webhookUrl = url('TELEGRAM_WEBHOOK_URL', ['https:', 'http:']);
    // A webhook without a secret would accept any POST as Telegram (a forged admin id schedules a broadcast):
    // webhook mode always has one; setWebhook registers it with Telegram at every start. When none is configured
    // it is derived from the bot token (an HMAC: as secret as the token, and the same in every process of one
    // deployment, so several processes behind one webhook URL agree on it).
    const webhookSecret = webhookUrl
      ? (configuredSecret ?? createHmac('sha256', tgToken).update('koszalin telegram webhook secret v1').digest('base64url'))
      : undefined;
    telegram = {
      token: tgToken,
      apiRoot: url('TELEGRAM_API_ROOT', ['http:', 'https:']),
      webhookUrl,
      webhookSecret,
      webhookSecretGenerated: Boolean(webhookUrl && !configuredSecret),
    };
  }

  let eventReminders: number[] = [1440, 120];
  try {
    eventReminders = parseOffsets(str('EVENT_REMINDERS') ?? '24h,2h');
  } catch (err) {
    problems.push(`EVENT_REMINDERS: ${(err as Error).message}`);
  }

  const rate = (name: string, dflt: number) => {
    const raw = str(name);
    const n = raw === undefined ? dflt : Number(raw);
    if (!(n > 0) || !Number.isFinite(n)) problems.push(`${name}="${raw}" must be a positive number of messages per second`);
    return n > 0 ? n : dflt;
  };
  const quietRaw = str('SMS_QUIET_HOURS') ?? '21:00-08:00';
  let quietHours: Config['delivery']['quietHours'] = null;
  if (!['off', 'none', '0'].includes(quietRaw.toLowerCase())) {
    const m = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/.exec(quietRaw);
    if (!m) problems.push(`SMS_QUIET_HOURS="${quietRaw}" must look like 21:00-08:00, or be off`);
    else quietHours = { start: `${m[1]}:${m[2]}`, end: `${m[3]}:${m[4]}` };
  }
  const adminToken = str('ADMIN_TOKEN');
  if (adminToken !== undefined && adminToken.length < 24)
    problems.push('ADMIN_TOKEN must be at least 24 characters (generate one with `openssl rand -hex 24`)');
  const metricsToken = str('METRICS_TOKEN');
  if (metricsToken !== undefined && !/^[\x21-\x7e]{24,}$/.test(metricsToken))
    problems.push('METRICS_TOKEN must be at least 24 printable characters without spaces (generate one with `openssl rand -hex 24`)');
  const approvalCostRaw = str('BROADCAST_APPROVAL_COST');
  const approvalCost = approvalCostRaw === undefined ? 100 : Number(approvalCostRaw);
  if (!(approvalCost >= 0) || !Number.isFinite(approvalCost))
    problems.push(`BROADCAST_APPROVAL_COST="${approvalCostRaw}" must be a number of PLN, 0 or more`);
  const price = Number(str('SMS_PRICE_PER_SEGMENT') ?? '0.20');
  if (!(price >= 0)) problems.push('SMS_PRICE_PER_SEGMENT must be a number (price of one SMS segment)');

  const config: Config = {
    port,
    host,
    publicUrl,
    dataDir: str('DATA_DIR') ?? './data',
    databaseUrl,
    logLevel,
    demoData: bool('DEMO_DATA', true),
    twilio,
    sms: {
      transliterate: bool('SMS_TRANSLITERATE', true),
      repliesPerHour: int('SMS_REPLIES_PER_HOUR', 30, 1, 10_000),
    },
    telegram,
    telegramRepliesPerHour: int('TELEGRAM_REPLIES_PER_HOUR', 120, 1, 100_000),
    questionEscalationHours: int('QUESTION_ESCALATION_HOURS', 48, 1, 24 * 60),
    timezone: 'Europe/Warsaw',
    geocoderUrl: url('GEOCODER_URL', ['http:', 'https:']),
    eventReminders,
    retention: {
      inboundDays: int('INBOUND_RETENTION_DAYS', 7, 1, 3650),
      conversationHours: int('CONVERSATION_RETENTION_HOURS', 24, 1, 24 * 365),
      deliveryDays: int('DELIVERY_RETENTION_DAYS', 30, 1, 3650),
      questionDays: int('QUESTION_RETENTION_DAYS', 365, 1, 3650),
    },
    adminToken,
    metricsToken,
    shutdownTimeoutMs: int('SHUTDOWN_TIMEOUT_MS', 10_000, 100, 600_000),
    apiRequestsPerMinute: int('API_REQUESTS_PER_MINUTE', 300, 1, 1_000_000),
    trustProxy: /^\d+$/.test(str('TRUST_PROXY') ?? '') ? Number(str('TRUST_PROXY')) : (str('TRUST_PROXY') ?? 'loopback'),
    approvals: {
      recipients: int('BROADCAST_APPROVAL_RECIPIENTS', 500, 0, 10_000_000),
      cost: approvalCost >= 0 && Number.isFinite(approvalCost) ? approvalCost : 100,
      profileMeters: int('PROFILE_APPROVAL_METERS', 500, 0, 1_000_000),
    },
    delivery: {
      telegramPerSecond: rate('TELEGRAM_RATE_PER_SECOND', 25),
      smsPerSecond: rate('SMS_RATE_PER_SECOND', 1),
      quietHours,
      pricePerSegment: price >= 0 ? price : 0.2,
      maxAttempts: int('DELIVERY_MAX_ATTEMPTS', 5, 1, 50),
    },
    telegramBotUsername: str('TELEGRAM_BOT_USERNAME')?.replace(/^@/, ''),
    gazetteerPath: str('GAZETTEER_FILE'),
    map: {
      tileUrl: str('MAP_TILE_URL') ?? 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
      tileAttribution:
        str('MAP_TILE_ATTRIBUTION') ?? '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
    },
  };
  if (problems.length) throw new ConfigError(problems);
  return config;
}
