/**
 * Everything that runs on a schedule: the named cron jobs (`scheduledJobs`, adding a job = one entry there) and
 * the delivery worker's loop. `startJobs` starts them; its stop() is what the shutdown path awaits.
 */
import cron from 'node-cron';
import type { PrismaClient } from '../../prisma/database.js';
import type { Clock } from '../../dialogs/ports.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { OutboundSms, OutboundTelegram } from '../channels/outbound.js';
import { DeliveryWorker } from '../delivery/worker.js';
import { reportFinished, reportMissed } from '../delivery/report.js';
import { applyRetention } from '../retention.js';
import { retainQuestions } from '../questions/retention.js';
import type { Services } from './services.js';

export interface Job {
  /** Names the job in its error log line. */
  name: string;
  /** A node-cron expression, in the server's time zone. */
  schedule: string;
  /** Also run once at start, so a run missed while the server was down is not a whole period late. */
  atStart?: boolean;
  /**
   * By default one run at a time (a run still going when the next is due makes that one skip), none begun once
   * stopping, and stop() waits for the run in flight. Detached: started on schedule regardless, never waited for.
   */
  detached?: boolean;
  /** Log its own failures; one that escapes is logged as `<name> failed`. */
  run(): Promise<void>;
}

export interface JobDeps {
  prisma: PrismaClient;
  config: Config;
  logger: Logger;
  clock: Clock;
  services: Services;
}

/** The cron jobs, in start order. */
export function scheduledJobs(d: JobDeps): Job[] {
  return [
    // Retention is idempotent; as before it is not waited for at shutdown (a run cut by the closed database logs its error).
    { name: 'retention', schedule: '17 * * * *', atStart: true, detached: true, run: () => retention(d) },
    // A run missed while the server was down goes out (or is reported) at start, not a minute later.
    { name: 'minute tick', schedule: '* * * * *', atStart: true, run: () => minuteTick(d) },
    // The NGO network's own messages (issue 17); each is sent once per period and only in the daytime, so hourly is enough.
    { name: 'network', schedule: '41 * * * *', atStart: true, run: () => networkJobs(d) },
  ];
}

/** The yearly "is your entry current?" reminders to coordinators and the administrators' weekly digest of profile changes. */
async function networkJobs({ logger, clock, services: s }: JobDeps): Promise<void> {
  const reminded = await s.confirmations.tick(clock.now()).catch((err) => logger.error({ err }, 'confirmation reminders failed'));
  if (reminded?.length) logger.info({ organizations: reminded.length }, 'network: confirmation reminders sent');
  const digest = await s.profileDigest.tick(clock.now()).catch((err) => logger.error({ err }, 'profile digest failed'));
  if (digest) logger.info(digest, 'network: weekly profile digest sent');
}

/** Reminders, event notices, question escalation, due broadcast runs and overdue approvals: every minute, in this order. */
async function minuteTick({ prisma, logger, clock, services: s }: JobDeps): Promise<void> {
  await s.reminders.tick(clock.now()).catch((err) => logger.error({ err }, 'reminder tick failed'));
  // Event notices that could not go at once (provider down, process died mid-send) are retried here.
  await s.notices.tick(clock.now()).catch((err) => logger.error({ err }, 'event notice tick failed'));
  // Questions unanswered past QUESTION_ESCALATION_HOURS go to the administrators; answers that could not go are retried.
  await s.questions.tick(clock.now()).catch((err) => logger.error({ err }, 'question tick failed'));
  const due = await s.broadcasts.claimDue(clock.now()).catch((err) => {
    logger.error({ err }, 'broadcast tick failed');
    return { created: [], missed: [] as number[] };
  });
  for (const id of due.missed)
    await reportMissed(prisma, s.notifier, id).catch((err) => logger.error({ err, broadcastId: id }, 'missed-run report failed'));
  // A wide send whose time came while it waited for approval is reported (never sent, never moved).
  await s.approvals.reportOverdue(clock.now()).catch((err) => logger.error({ err }, 'approval overdue check failed'));
  if (due.created.length) logger.info({ runs: due.created }, 'broadcast runs started');
}

/** Expired data removed and old questions anonymised (RETENTION_* settings): every hour. */
async function retention({ prisma, config, logger, clock }: JobDeps): Promise<void> {
  const r = await applyRetention(prisma, clock.now(), config.retention).catch((err) => logger.error({ err }, 'retention failed'));
  const q = await retainQuestions(prisma, clock.now(), config.retention.questionDays).catch((err) =>
    logger.error({ err }, 'question retention failed'),
  );
  if (q) logger.info({ questions: q }, 'retention: old questions closed and anonymised');
  if (r && (r.inboundMessages || r.conversations || r.senderQuotas || r.deliveries)) logger.info(r, 'retention: expired data removed');
}

/** The delivery worker: sends the queued deliveries (broadcasts, notices, answers) through the channels' ports. */
export function createDeliveryWorker(d: JobDeps, outbound: { sms: OutboundSms; telegram: OutboundTelegram }): DeliveryWorker {
  const { config, logger, clock, services } = d;
  return new DeliveryWorker(d.prisma, outbound, {
    logger,
    rates: config.delivery,
    quietHours: config.delivery.quietHours,
    transliterate: config.sms.transliterate,
    maxAttempts: config.delivery.maxAttempts,
    clock: () => clock.now(),
    onProviderError: (channel, code) => services.metrics.providerErrors.inc({ channel, code }),
    onOutage: (channel, pauseMs) =>
      logger.warn({ channel, pauseMs }, 'provider outage: channel paused, deliveries wait without using attempts'),
    onRunFinished: (runId) => reportFinished(d.prisma, services.notifier, runId),
  });
}

export interface RunningJobs {
  /**
   * Stops the schedules, waits for the (not detached) jobs' runs in flight (a SIGTERM never cuts a run's planning or a
   * reminder), then stops the worker, which releases its claims.
   */
  stop(): Promise<void>;
}

/** Schedules the jobs (running those marked atStart now, in order), then starts the worker's loop (every `workerIntervalMs`). */
export function startJobs(jobs: Job[], o: { logger: Logger; worker: DeliveryWorker; workerIntervalMs?: number }): RunningJobs {
  let stopping = false;
  const inFlight = new Set<Promise<void>>();
  const tasks: Array<{ stop(): void | Promise<void> }> = [];
  for (const job of jobs) {
    const attempt = () => job.run().catch((err) => o.logger.error({ err, job: job.name }, `${job.name} failed`));
    let current: Promise<void> | undefined;
    const run = job.detached
      ? () => void attempt()
      : () => {
          if (stopping || current) return;
          const p = attempt().finally(() => {
            inFlight.delete(p);
            current = undefined;
          });
          current = p;
          inFlight.add(p);
        };
    tasks.push(cron.schedule(job.schedule, run));
    if (job.atStart) run();
  }
  o.worker.start(o.workerIntervalMs ?? 1000);
  return {
    stop: async () => {
      stopping = true;
      for (const t of [...tasks].reverse()) await t.stop(); // as before: the minute tick first, then retention
      await Promise.all(inFlight);
      await o.worker.stop();
    },
  };
}
