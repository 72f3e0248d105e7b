/**
 * Replies to a network bulletin: a member of an addressed organisation answers the sending organisation, and only it
 * (not the bulletin's other recipients). Three ways in, Telegram only (the port refuses an unverified sender): a
 * Telegram reply to the bulletin message, the "↩️ Reply to the sender" button under it (then the text), or
 * `ODPOWIEDZ BIULETYN 12 <tekst>` / `REPLY BULLETIN 12 <text>` / `ВІДПОВІСТИ БЮЛЕТЕНЬ 12 <текст>` (the verb of
 * the question answers, ODPOWIEDZ #57, with the noun that says what the number is, as ANULUJ WYSYŁKĘ 12 does).
 * The reply becomes a question thread addressed to the sender's organisation (bot/questions/), so its people answer
 * it as they answer residents (ODPOWIEDZ #ref, reply-to, ✍️) and the answer comes back here.
 */
import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from '../sdk.js';
import type { Feature } from '../feature.js';
import { TextAskDialog } from '../text-ask-dialog.js';
import { actorOf, info, say, tr } from '../turn.js';
import type { MessageKey } from '../i18n/index.js';
import type { BulletinReplyPort, BulletinReplyResult } from './ports.js';
export { bulletinReplyButton } from './ports.js';

export const BULLETIN_REPLY_DIALOG = 'bulletinReply';
const REPLY_TEXT = 'br:text';

export type BulletinReplyCommand = { bulletin: number; text?: string };

const COMMAND =
  /^(?:odpowiedz|odpowiedź|reply|answer|відповісти|відповідь)\s+(?:na\s+|to\s+|на\s+)?(?:biuletyn|bulletin|бюлетень)\s+(?:nr\.?\s*|no\.?\s*|№\s*|#)?(\d{1,9})\b[.:]?(?:\s+([\s\S]+))?$/iu;
const BUTTON = /^bulletin:reply:(\d{1,9})$/;

export function recognizeBulletinReply(text: string | undefined, choice?: string): BulletinReplyCommand | undefined {
  if (choice !== undefined) {
    const b = BUTTON.exec(choice);
    return b ? { bulletin: Number(b[1]) } : undefined;
  }
  const m = COMMAND.exec(text?.trim() ?? '');
  return m ? { bulletin: Number(m[1]), text: m[2]?.trim() || undefined } : undefined;
}

const REFUSAL: Record<'not_allowed' | 'unknown' | 'own', MessageKey> = {
  not_allowed: 'net.reply_telegram_only',
  unknown: 'net.reply_unknown',
  own: 'net.reply_own',
};

export class BulletinReplyDialog extends ComponentDialog {
  constructor(private readonly port: BulletinReplyPort) {
    super(BULLETIN_REPLY_DIALOG);
    this.addDialog(new TextAskDialog(REPLY_TEXT));
    this.addDialog(new WaterfallDialog('brFlow', [this.commandStep.bind(this), this.textStep.bind(this)]));
    this.initialDialogId = 'brFlow';
  }

  private async commandStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const c = (step.options as { command: BulletinReplyCommand }).command;
    const turn = info(step.context);
    if (!turn.can.verifiedSender) {
      await say(step.context, 'net.reply_telegram_only');
      return step.endDialog();
    }
    if (c.text) return this.sent(step, c.bulletin, await this.port.reply(actorOf(turn), c.bulletin, c.text));
    const target = await this.port.target(actorOf(turn), c.bulletin);
    if (!target.ok) {
      await say(step.context, REFUSAL[target.why], { id: c.bulletin });
      return step.endDialog();
    }
    (step.values as { bulletin?: number }).bulletin = c.bulletin;
    await say(step.context, { kind: 'text', text: tr(step.context, 'net.reply_prompt', { id: c.bulletin, org: target.org }) });
    return step.beginDialog(REPLY_TEXT);
  }

  private async textStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const id = (step.values as { bulletin?: number }).bulletin;
    const text = step.result as string | undefined;
    if (id === undefined || !text) return step.endDialog();
    return this.sent(step, id, await this.port.reply(actorOf(info(step.context)), id, text));
  }

  private async sent(step: WaterfallStepContext, id: number, r: BulletinReplyResult): Promise<DialogTurnResult> {
    if (r.ok) await say(step.context, r.shown ? 'net.reply_sent' : 'net.reply_kept', { ref: r.ref, id, org: r.org });
    else await say(step.context, REFUSAL[r.why], { id });
    return step.endDialog();
  }
}

/** The command and the button, and a Telegram reply to a bulletin message this person received. */
export function bulletinReplyFeature(port: BulletinReplyPort): Feature {
  return {
    id: BULLETIN_REPLY_DIALOG,
    priority: 20,
    dialogs: [new BulletinReplyDialog(port)],
    async recognize(activity) {
      const command = recognizeBulletinReply(activity.text, activity.choice);
      if (command) return { command };
      if (activity.replyTo && activity.text?.trim() && activity.channel === 'telegram') {
        // Only the person's own private chat reaches here (the engine refuses shared chats); reply() authorises.
        const bulletin = await port.bulletinForReply(activity.conversationId, activity.replyTo);
        if (bulletin !== undefined) return { command: { bulletin, text: [...activity.text.trim()].slice(0, 1000).join('') } };
      }
      return undefined;
    },
  };
}
