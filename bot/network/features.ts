/**
 * The network's chat features (issue 17), wired by bot/server.ts buildFeatures: approvals, bulletin settings, profiles,
 * the report, and replies to bulletins.
 */
import type { PrismaClient } from '../../prisma/database.js';
import type { Feature } from '../../dialogs/feature.js';
import type { Geo } from '../geo/index.js';
import { approvalFeature } from '../../dialogs/network/approval-dialog.js';
import { networkSettingsFeature } from '../../dialogs/network/settings-dialog.js';
import { DEFAULT_LIMITS, type Approvals } from './approvals.js';
import { NetworkSettings } from './settings.js';
import { profileFeature } from '../../dialogs/network/profile-dialog.js';
import { ProfileRepository } from './profiles.js';
import { reportFeature } from '../../dialogs/network/report-dialog.js';
import { ReportCommands } from './report.js';
import { bulletinReplyFeature } from '../../dialogs/network/bulletin-reply-dialog.js';
import { BulletinReplies } from './bulletin-replies.js';
import type { QuestionService } from '../questions/service.js';

export function networkFeatures(
  geo: Geo,
  /** `approvalMeters`: PROFILE_APPROVAL_METERS (Config.approvals.profileMeters). */
  deps: { prisma: PrismaClient; approvals: Approvals; approvalMeters?: number; questions?: QuestionService },
): Feature[] {
  // Profile changes that an administrator approves are applied by the same repository.
  const profiles = new ProfileRepository(deps.prisma, deps.approvals, {
    approvalMeters: deps.approvalMeters ?? DEFAULT_LIMITS.profileMeters,
    onChange: () => geo.directory.invalidate(),
    places: geo.resolver,
    links: geo.links,
  });
  deps.approvals.profiles = profiles;
  return [
    approvalFeature(deps.approvals),
    networkSettingsFeature(new NetworkSettings(deps.prisma, geo.categories)),
    profileFeature(profiles),
    reportFeature(new ReportCommands(deps.prisma)),
    // Replies to bulletins are question threads to the sending organisation (needs the questions service to show them).
    ...(deps.questions ? [bulletinReplyFeature(new BulletinReplies(deps.prisma, deps.questions))] : []),
  ];
}
