/**
 * The repositories and domain services of one process, on an open database. The channels' outbound ports exist
 * only once the channels are built (compose/channels.ts): the services that send read them from `outbound` when
 * they send, and startServer fills it in.
 */
import type { Database } from '../../prisma/database.js';
import type { Clock } from '../../dialogs/ports.js';
import { cancelSignup } from '../../dialogs/events/events-dialog.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { OutboundSms, OutboundTelegram } from '../channels/outbound.js';
import { createGeo, type Geo } from '../geo/index.js';
import { Metrics } from '../http/metrics.js';
import { ContactRepository } from '../repositories/contacts.js';
import { CoordinationRepository } from '../repositories/coordination.js';
import { DeliveryRepository } from '../repositories/deliveries.js';
import { EventRepository } from '../repositories/events.js';
import { DialogStateStorage } from '../state/dialog-state-storage.js';
import { OutboundNotifier } from '../notify.js';
import { EventNotices } from '../events/notices.js';
import { EventReminders } from '../events/reminders.js';
import { BroadcastService } from '../delivery/broadcasts.js';
import { Approvals } from '../network/approvals.js';
import { ConfirmationReminders } from '../network/confirmations.js';
import { ProfileDigest } from '../network/digest.js';
import { QuestionService } from '../questions/service.js';

export interface Services {
  storage: DialogStateStorage;
  contacts: ContactRepository;
  deliveries: DeliveryRepository;
  geo: Geo;
  events: EventRepository;
  coordination: CoordinationRepository;
  notifier: OutboundNotifier;
  notices: EventNotices;
  reminders: EventReminders;
  broadcasts: BroadcastService;
  approvals: Approvals;
  /** The yearly "is your entry current?" reminder and the administrators' weekly digest of profile changes. */
  confirmations: ConfirmationReminders;
  profileDigest: ProfileDigest;
  questions: QuestionService;
  metrics: Metrics;
  /** The channels' outbound ports, set by startServer once the channels exist; read at send time. */
  outbound: { sms?: OutboundSms; telegram?: OutboundTelegram };
}

export function createServices(db: Database, config: Config, logger: Logger, clock: Clock): Services {
  const storage = new DialogStateStorage(db);
  const contacts = new ContactRepository(db);
  const deliveries = new DeliveryRepository(db.prisma);
  const geo = createGeo(db.prisma, { publicUrl: config.publicUrl, gazetteerPath: config.gazetteerPath, geocoderUrl: config.geocoderUrl });
  const events = new EventRepository(db.prisma);
  // Outbound ports are known only after the channels are built; the notifier reads them when it sends.
  const outbound: Services['outbound'] = {};
  const late = {
    sms: { send: (to: string, b: string) => outbound.sms!.send(to, b) },
    telegram: { send: (to: string, r: Parameters<OutboundTelegram['send']>[1]) => outbound.telegram!.send(to, r) },
  };
  const notifier = new OutboundNotifier(db.prisma, late, { transliterate: config.sms.transliterate, logger });
  const notices = new EventNotices(db.prisma, notifier, { clock: () => clock.now(), maxAttempts: config.delivery.maxAttempts, logger });
  // "Delete my data" gives up held seats first, so the waitlist moves and the promoted person is told.
  contacts.beforeErase.push(async (contactId) => {
    for (const { event } of await events.mine(contactId, clock.now())) await cancelSignup({ events, notices }, event.id, contactId);
  });
  const broadcasts = new BroadcastService(db.prisma, {
    transliterate: config.sms.transliterate,
    pricePerSegment: config.delivery.pricePerSegment,
  });
  const approvals = new Approvals(db.prisma, notifier, config.approvals);
  // Answers to residents' questions go out through the channels' outbound ports (read when sending, as the notifier does).
  const questions = new QuestionService(db.prisma, late, {
    clock: () => clock.now(),
    escalateAfterMs: config.questionEscalationHours * 3_600_000,
    transliterate: config.sms.transliterate,
    logger,
  });
  return {
    storage,
    contacts,
    deliveries,
    geo,
    events,
    coordination: new CoordinationRepository(db.prisma),
    notifier,
    notices,
    reminders: new EventReminders(db.prisma, notifier, config.eventReminders, notices),
    broadcasts,
    approvals,
    confirmations: new ConfirmationReminders(db.prisma, notifier, { clock: () => clock.now(), links: geo.links, logger }),
    profileDigest: new ProfileDigest(db.prisma, notifier, { clock: () => clock.now(), logger }),
    questions,
    metrics: new Metrics(db.prisma),
    outbound,
  };
}
