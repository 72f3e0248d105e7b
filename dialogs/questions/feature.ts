/**
 * Ask an organisation: residents ask one organisation of the last list they were shown (`ZAPYTAJ 2 …`), add to
 * their open question, close it or share their number; organisation people answer (`ODPOWIEDZ #57 …`, a Telegram
 * reply to the question, the ✍️ button), take a question, pass it to the city or block its sender, and list open
 * questions (`PYTANIA`). Delivery to the other side happens in the port (bot/questions/), never in the turn's replies.
 */
import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from '../sdk.js';
import type { Feature } from '../feature.js';
import { TextAskDialog } from '../text-ask-dialog.js';
import type { Locale, MessageKey } from '../i18n/index.js';
import { actorOf, info, say, tr } from '../turn.js';
import { matchNamedOrganization, recognizeQuestionCommand, type QuestionCommand } from './commands.js';
import type { AskOutcome, OrgOutcome, QuestionsPort } from './ports.js';
import type { Understanding } from '../understanding/understand.js';

export const QUESTIONS_DIALOG = 'questions';
const ASK_TEXT = 'q:text';
const ANSWER_TEXT = 'q:answer';

/** What a refused question or organisation action says, by the port's reason. */
const ASK_REFUSAL = {
  too_many_open: 'q.too_many_open',
  daily_cap: 'q.daily_cap',
  blocked: 'q.blocked',
  unknown_org: 'q.no_list',
} as const satisfies Record<Extract<AskOutcome, { ok: false }>['reason'], MessageKey>;
const ORG_REFUSAL = {
  not_allowed: 'q.not_allowed',
  closed: 'q.is_closed',
  taken_by_other: 'q.taken_by_other',
  unknown: 'q.unknown',
} as const satisfies Record<Extract<OrgOutcome, { ok: false }>['reason'], MessageKey>;

type Options = { command: QuestionCommand } | { followUp: string } | { replyRef: number; asResident: boolean; text: string };

/** "3 h", "2 d" in every language (digits and a unit everyone reads). */
function typical(hours: number, locale: Locale): string {
  if (hours <= 48) return locale === 'uk' ? `${hours} год` : `${hours} h`;
  const d = Math.round(hours / 24);
  return locale === 'pl' ? `${d} dni` : locale === 'uk' ? `${d} дн.` : `${d} days`;
}

function age(createdAt: Date, now: Date, locale: Locale): string {
  const h = Math.floor((now.getTime() - createdAt.getTime()) / 3_600_000);
  if (h < 1) return locale === 'uk' ? '<1 год' : '<1 h';
  return typical(h, locale);
}

export class QuestionsDialog extends ComponentDialog {
  constructor(private readonly port: QuestionsPort) {
    super(QUESTIONS_DIALOG);
    this.addDialog(new TextAskDialog(ASK_TEXT));
    this.addDialog(new TextAskDialog(ANSWER_TEXT));
    this.addDialog(new WaterfallDialog('qFlow', [this.commandStep.bind(this), this.textStep.bind(this)]));
    this.initialDialogId = 'qFlow';
  }

  private async commandStep(step: WaterfallStepContext<Options>): Promise<DialogTurnResult> {
    const turn = info(step.context);
    const o = step.options as Options;
    if ('followUp' in o) {
      if (clearlyNewRequest(turn.understood)) {
        // Handed back to the main dialog, which asks the other features; this feature then lets it pass.
        declined.add(turn.activity);
        return step.endDialog({ reroute: true });
      }
      const r = await this.port.followUp(actorOf(turn), o.followUp);
      await say(step.context, r ? 'q.followup_sent' : 'q.none_open', r ? { ref: r.ref } : {});
      return step.endDialog();
    }
    if ('replyRef' in o) {
      if (o.asResident) {
        const r = await this.port.followUp(actorOf(turn), o.text, o.replyRef);
        await say(step.context, r ? 'q.followup_sent' : 'q.none_open', r ? { ref: r.ref } : {});
        return step.endDialog();
      }
      return this.answered(step, await this.port.answer(actorOf(turn), o.replyRef, o.text));
    }
    const c = o.command;
    switch (c.kind) {
      case 'ask': {
        // Without a number only after one organisation's details ("ask for help" after a list of three is not a question to the first).
        if (c.position === undefined && (await this.port.listed(turn.contact.id, 2))) {
          await say(step.context, 'q.which');
          return step.endDialog();
        }
        const org = await this.port.listed(turn.contact.id, c.position ?? 1);
        if (!org) {
          await say(
            step.context,
            c.position !== undefined && (await this.port.listed(turn.contact.id, 1)) ? 'q.not_in_list' : 'q.no_list',
            { n: c.position ?? 1 },
          );
          return step.endDialog();
        }
        return this.askFor(step, org, c.text);
      }
      case 'askOrg': {
        const [org] = await this.port.askable(turn.contact.id, { id: c.organizationId });
        if (!org) {
          await say(step.context, 'q.no_list', { n: 1 });
          return step.endDialog();
        }
        return this.askFor(step, org);
      }
      case 'askNamed': {
        const phrase = c.org ?? c.rest ?? '';
        const hit = matchNamedOrganization(await this.port.askable(turn.contact.id, { phrase }), c);
        if (!hit) {
          await say(step.context, 'q.unknown_org', { name: [...(c.org ?? phrase)].slice(0, 40).join('') });
          return step.endDialog();
        }
        return this.askFor(step, hit.org, c.text ?? hit.text);
      }
      case 'close': {
        const r = await this.port.close(actorOf(turn));
        await say(step.context, r ? 'q.closed' : 'q.none_open', r ? { ref: r.ref } : {});
        return step.endDialog();
      }
      case 'share': {
        const r = await this.port.shareNumber(actorOf(turn));
        await say(step.context, r ? 'q.number_shared' : 'q.none_open', r ? { ref: r.ref } : {});
        return step.endDialog();
      }
      case 'list': {
        const lines = await this.port.list(actorOf(turn));
        if (!lines) await say(step.context, 'q.not_allowed');
        else if (!lines.length) await say(step.context, 'q.list_none');
        else {
          const now = turn.services.clock.now();
          const text = [
            tr(step.context, 'q.list'),
            ...lines.map((l) =>
              tr(step.context, 'q.list_item', {
                ref: l.ref,
                org: l.org,
                status: tr(step.context, `q.status_${l.status}`, { name: l.takenBy ?? '' }),
                age: age(l.createdAt, now, turn.locale),
                text: [...l.text].slice(0, 60).join(''),
              }),
            ),
          ].join('\n');
          await say(step.context, { kind: 'text', text });
        }
        return step.endDialog();
      }
      case 'forward':
        return this.report(step, await this.port.forward(actorOf(turn), c.ref, c.organizationId), 'q.forwarded');
      case 'answer':
        if (c.text) return this.answered(step, await this.port.answer(actorOf(turn), c.ref, c.text));
        return this.askAnswer(step, c.ref);
      case 'button':
        if (c.action === 'reply') return this.askAnswer(step, c.ref);
        if (c.action === 'take') return this.report(step, await this.port.take(actorOf(turn), c.ref), 'q.taken');
        if (c.action === 'city') return this.report(step, await this.port.passToCity(actorOf(turn), c.ref), 'q.passed');
        return this.report(step, await this.port.blockSender(actorOf(turn), c.ref), 'q.sender_blocked');
    }
  }

  /** The resident asks this organisation: with the text at once, or the bot asks for it. */
  private async askFor(step: WaterfallStepContext, org: { id: number; name: string }, text?: string): Promise<DialogTurnResult> {
    (step.values as { ask?: { id: number; name: string } }).ask = { id: org.id, name: org.name };
    if (text) return step.next(text);
    await say(step.context, { kind: 'text', text: tr(step.context, 'q.ask_text', { org: org.name }) });
    return step.beginDialog(ASK_TEXT);
  }

  private async askAnswer(step: WaterfallStepContext, ref: number): Promise<DialogTurnResult> {
    if (!info(step.context).can.verifiedSender) {
      await say(step.context, 'q.not_allowed');
      return step.endDialog();
    }
    (step.values as { answerRef?: number }).answerRef = ref;
    await say(step.context, 'q.answer_prompt', { ref });
    return step.beginDialog(ANSWER_TEXT);
  }

  /** After the question or answer text was asked for. */
  private async textStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const turn = info(step.context);
    const v = step.values as { ask?: { id: number; name: string }; answerRef?: number };
    const text = step.result as string | undefined;
    if (!text) return step.endDialog();
    if (v.answerRef !== undefined) return this.answered(step, await this.port.answer(actorOf(turn), v.answerRef, text));
    if (!v.ask) return step.endDialog();
    const r = await this.port.ask(actorOf(turn), turn.activity.channel, v.ask.id, text);
    if (!r.ok) {
      await say(step.context, ASK_REFUSAL[r.reason], { n: r.limit ?? 0 });
      return step.endDialog();
    }
    await say(step.context, r.escalated ? 'q.sent_escalated' : 'q.sent', {
      ref: r.ref,
      org: r.org,
      typical: typical(r.typicalHours, turn.locale),
    });
    return step.endDialog();
  }

  private async answered(step: WaterfallStepContext, r: OrgOutcome): Promise<DialogTurnResult> {
    return this.report(step, r, 'q.answered');
  }

  private async report(
    step: WaterfallStepContext,
    r: OrgOutcome,
    done: 'q.answered' | 'q.taken' | 'q.passed' | 'q.sender_blocked' | 'q.forwarded',
  ): Promise<DialogTurnResult> {
    // An answer to a member's reply to a bulletin goes to that member, not to a resident.
    if (r.ok)
      await say(step.context, done === 'q.answered' && r.bulletin !== undefined ? 'net.reply_answered' : done, { ref: r.ref, org: r.org });
    else await say(step.context, ORG_REFUSAL[r.reason], { ref: r.ref, name: r.name ?? '' });
    return step.endDialog();
  }
}

/** Exact commands and buttons, asked before free text; a Telegram reply to a question shown to this person. */
export function questionsFeature(port: QuestionsPort): Feature {
  return {
    id: QUESTIONS_DIALOG,
    priority: 20,
    dialogs: [new QuestionsDialog(port)],
    async recognize(activity): Promise<Options | undefined> {
      const command = recognizeQuestionCommand(activity.text, activity.choice);
      if (command) return { command };
      if (activity.replyTo && activity.text?.trim() && activity.channel === 'telegram') {
        // Only the person's own private chat reaches here (the engine refuses shared chats); answer() authorises.
        const hit = await port.threadForReply(activity.conversationId, activity.replyTo);
        if (hit) return { replyRef: hit.ref, asResident: hit.asResident, text: activity.text.trim() };
      }
      return undefined;
    },
  };
}

/** Activities the follow-up declined this turn (the main dialog routes them again; the same object comes back). */
const declined = new WeakSet<object>();

/**
 * A message that asks for something new rather than continuing a question: it names a category or a known place,
 * or asks to sign up, leave or subscribe. A bare date ("A w niedzielę?"), thanks or a greeting continue the question.
 */
function clearlyNewRequest(u: Understanding | undefined): boolean {
  if (!u) return false;
  if (u.category) return true;
  if (u.place && (u.place as { span?: unknown }).span && u.place.kind !== 'unknown') return true;
  return ['signup', 'leave', 'subscribe', 'unsubscribe'].includes(u.intent);
}

/**
 * On SMS, the next message while a question is open goes to it, unless it is a command (exact keywords are asked
 * first) or clearly a new request (see clearlyNewRequest). ZAPYTAJ/ASK again starts a new question.
 */
export function questionFollowUpFeature(port: QuestionsPort): Feature {
  return {
    id: QUESTIONS_DIALOG,
    priority: 1,
    dialogs: [],
    async recognize(activity): Promise<Options | undefined> {
      if (activity.channel !== 'sms' || !activity.text?.trim() || declined.has(activity)) return undefined;
      const open = activity.openQuestion ?? (await port.hasOpenThread('sms', activity.from));
      if (!open) return undefined;
      return { followUp: activity.text.trim() };
    },
  };
}
