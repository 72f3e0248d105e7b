/** KOD <code> / CODE <code> / КОД <code>: redeem a single-use invitation to an organisation. */
import { ComponentDialog, WaterfallDialog, type WaterfallStepContext, type DialogTurnResult } from '../sdk.js';
import type { Feature } from '../feature.js';
import { info, say, tr } from '../turn.js';

export interface InvitePort {
  redeem(contactId: number, code: string): Promise<{ ok: true; organization: string; role: 'COORDINATOR' | 'MEMBER' } | { ok: false }>;
}

const INVITE = /^(?:kod|code|код)\s+(kos[-\s]?[a-z0-9]{4}[-\s]?[a-z0-9]{4})$/i;

class InviteDialog extends ComponentDialog {
  constructor(port: InvitePort) {
    super('invite');
    this.addDialog(
      new WaterfallDialog('inviteFlow', [
        async (step: WaterfallStepContext): Promise<DialogTurnResult> => {
          const turn = info(step.context);
          const r = await port.redeem(turn.contact.id, (step.options as { code: string }).code);
          if (r.ok)
            await say(step.context, 'invite.ok', {
              org: r.organization,
              role: tr(step.context, r.role === 'COORDINATOR' ? 'invite.role_coordinator' : 'invite.role_member'),
            });
          else await say(step.context, 'invite.bad');
          return step.endDialog();
        },
      ]),
    );
    this.initialDialogId = 'inviteFlow';
  }
}

export function inviteFeature(port: InvitePort): Feature {
  return {
    id: 'invite',
    priority: 10,
    dialogs: [new InviteDialog(port)],
    recognize(activity) {
      const m = INVITE.exec(activity.text?.trim() ?? '');
      return m ? { code: m[1]! } : undefined;
    },
  };
}
