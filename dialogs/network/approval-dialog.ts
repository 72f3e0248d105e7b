/**
 * Four eyes for wide sends and sensitive profile changes: an administrator answers the approval request with the
 * buttons, or types ZATWIERDŹ 12 / APPROVE 12 / ЗАТВЕРДИТИ 12, ODRZUĆ 12 powód / REJECT 12 reason / ВІДХИЛИТИ 12
 * причина. The port decides who may (an administrator on Telegram who did not ask for it); this dialog only asks
 * for a missing reason and says what happened.
 */
import { ComponentDialog, WaterfallDialog, type WaterfallStepContext, type DialogTurnResult } from '../sdk.js';
import type { Feature } from '../feature.js';
import { actorOf, info, say } from '../turn.js';
import { normalizeText } from '../text.js';
import { ValidatedAskDialog } from '../validated-ask.js';
import type { ApprovalPort, DecisionResult } from './ports.js';
import type { MessageKey } from '../i18n/index.js';

export const APPROVAL_DIALOG = 'approval';

export type ApprovalCommand = { decision: 'approve' | 'reject'; id: number; reason?: string };

const APPROVE = ['zatwierdz', 'approve', 'затвердити'];
const REJECT = ['odrzuc', 'reject', 'відхилити'];

/** `approval:yes:12` / `approval:no:12` (buttons) or the typed commands in three languages. */
export function recognizeApprovalCommand(text: string | undefined, choice?: string): ApprovalCommand | undefined {
  const b = /^approval:(yes|no):(\d{1,9})$/.exec(choice ?? text ?? '');
  if (b) return { decision: b[1] === 'yes' ? 'approve' : 'reject', id: Number(b[2]) };
  if (!text) return undefined;
  const parts = text.trim().split(/\s+/);
  const word = normalizeText(parts[0] ?? '');
  const nr = /^(?:nr\.?|no\.?|№|#)?(\d{1,9})$/.exec(parts[1] ?? '');
  if (!nr) return undefined;
  const reason = parts.slice(2).join(' ').trim() || undefined;
  if (APPROVE.includes(word)) return { decision: 'approve', id: Number(nr[1]) };
  if (REJECT.includes(word)) return { decision: 'reject', id: Number(nr[1]), reason };
  return undefined;
}

const FAILURE: Record<Exclude<DecisionResult, { ok: true }>['why'], MessageKey> = {
  not_allowed: 'net.approval_not_allowed',
  not_found: 'net.approval_not_found',
  not_pending: 'net.approval_not_pending',
  own: 'net.approval_own',
  overdue: 'net.approval_overdue',
};

export class ApprovalDialog extends ComponentDialog {
  constructor(private readonly port: ApprovalPort) {
    super(APPROVAL_DIALOG);
    this.addDialog(
      new ValidatedAskDialog<string>('ap:reason', 'net.ask_reject_reason', (text) =>
        text.length > 0 && text.length <= 500 && !recognizeApprovalCommand(text)
          ? { ok: true, value: text }
          : { ok: false, error: 'net.ask_reject_reason' },
      ),
    );
    this.addDialog(new WaterfallDialog('apFlow', [this.reasonStep.bind(this), this.decideStep.bind(this)]));
    this.initialDialogId = 'apFlow';
  }

  private async reasonStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const c = (step.options as { command: ApprovalCommand }).command;
    const turn = info(step.context);
    if (!turn.can.verifiedSender) {
      await say(step.context, 'net.approval_not_allowed');
      return step.endDialog();
    }
    if (c.decision === 'reject' && !c.reason) return step.beginDialog('ap:reason');
    return step.next(c.reason);
  }

  private async decideStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const c = (step.options as { command: ApprovalCommand }).command;
    const turn = info(step.context);
    const r = await this.port.decide(actorOf(turn), c.id, c.decision, step.result as string | undefined, turn.services.clock.now());
    if (r.ok) await say(step.context, r.decision === 'approved' ? 'net.approval_done' : 'net.rejection_done', { id: c.id });
    else await say(step.context, FAILURE[r.why], { id: c.id });
    return step.endDialog();
  }
}

export function approvalFeature(port: ApprovalPort): Feature {
  return {
    id: APPROVAL_DIALOG,
    priority: 10,
    dialogs: [new ApprovalDialog(port)],
    recognize(activity) {
      const command = recognizeApprovalCommand(activity.text, activity.choice);
      return command ? { command } : undefined;
    },
  };
}
