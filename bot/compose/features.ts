/**
 * The dialog features of the main menu, in order. Used by the server (bot/server.ts), the console chat
 * (bot/cli/chat.ts) and the tests' harness.
 */
import type { Feature } from '../../dialogs/feature.js';
import { nearestFeature } from '../../dialogs/nearest/feature.js';
import { eventsFeature, coordinatorFeature } from '../../dialogs/events/feature.js';
import type { CoordinatorPort } from '../../dialogs/events/coordinator-ports.js';
import type { ContactNotifier } from '../../dialogs/events/ports.js';
import { subscriptionsFeature } from '../../dialogs/subscriptions/subscriptions-dialog.js';
import { broadcastFeature } from '../../dialogs/broadcasts/broadcast-dialog.js';
import { inviteFeature } from '../../dialogs/roles/invite.js';
import { questionFollowUpFeature, questionsFeature } from '../../dialogs/questions/feature.js';
import { askButtonValue, recognizeQuestionCommand } from '../../dialogs/questions/commands.js';
import type { PrismaClient } from '../../prisma/database.js';
import type { Geo } from '../geo/index.js';
import { LocalOutbox } from '../channels/outbound.js';
import { SubscriptionRepository } from '../repositories/subscriptions.js';
import type { EventRepository } from '../repositories/events.js';
import { EventNotices } from '../events/notices.js';
import type { BroadcastService } from '../delivery/broadcasts.js';
import { BroadcastCommands } from '../delivery/broadcast-port.js';
import { redeemInvite } from '../admin/roles.js';
import { Approvals, DEFAULT_LIMITS, type ApprovalLimits } from '../network/approvals.js';
import { networkFeatures } from '../network/features.js';
import { QuestionService } from '../questions/service.js';

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
    /** The approval limits of the validated configuration (Config.approvals); the defaults when absent. */
    approvalLimits?: ApprovalLimits;
  },
): Feature[] {
  // Four eyes for wide sends and sensitive profile changes (issue 17).
  const limits = deps.approvalLimits ?? DEFAULT_LIMITS;
  const approvals = deps.approvals ?? new Approvals(deps.prisma, deps.notifier, limits);
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
      askValue: askButtonValue,
      ownedElsewhere: (text) => recognizeQuestionCommand(text) !== undefined,
    }),
    eventsFeature({ events: deps.events, categories: geo.categories, notifier: deps.notifier, notices }),
    subscriptionsFeature({ subscriptions: new SubscriptionRepository(deps.prisma), categories: geo.categories }),
    coordinatorFeature({ coordination: deps.coordination, events: deps.events, notifier: deps.notifier, notices, links }),
    broadcastFeature(new BroadcastCommands(deps.prisma, deps.broadcasts, geo.categories, approvals)),
    // Replies to network bulletins are question threads to the sending organisation, hence `questions`.
    ...networkFeatures(geo, { prisma: deps.prisma, approvals, approvalMeters: limits.profileMeters, questions }),
    inviteFeature({ redeem: (contactId, code) => redeemInvite(deps.prisma, contactId, code) }),
    questionFollowUpFeature(questions),
  ];
}
