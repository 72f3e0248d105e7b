/**
 * Broadcasts by chat command (Telegram only; SMS senders can be forged): the one-line NADAJ / BROADCAST command
 * with a preview (recipients per channel, SMS encoding and segments, cost, when) and a confirmation; MOJE
 * WYSYŁKI / MY BROADCASTS; ANULUJ WYSYŁKĘ 12 / CANCEL BROADCAST 12.
 */
import { ComponentDialog, WaterfallDialog, type WaterfallStepContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { ChoiceDialog, confirmOptions, type ChoiceResult } from '../choice-dialog.js';
import type { Feature } from '../feature.js';
import { info, say, tr } from '../turn.js';
import { normalizeText } from '../text.js';
import { formatWhen } from '../events/when.js';
import type { BroadcastDraft, BroadcastPort } from './ports.js';
import { BROADCAST_WORDS, parseBroadcastCommand } from './parse.js';

export const BROADCAST_DIALOG = 'broadcast';

type Command = { kind: 'send'; text: string } | { kind: 'mine' } | { kind: 'cancel'; id: number };

const MINE = ['moje wysylki', 'my broadcasts', 'мої розсилки', '/broadcasts'].map(normalizeText);
const CANCEL = /^(?:anuluj wysylke|cancel broadcast|скасувати розсилку)\s*(?:nr\.?|no\.?|№|#)?\s*(\d{1,9})$/;

export function recognizeBroadcastCommand(text: string | undefined): Command | undefined {
  if (!text) return undefined;
  const t = normalizeText(text).replace(/[.!]+$/, '');
  if (MINE.includes(t)) return { kind: 'mine' };
  const c = CANCEL.exec(t);
  if (c) return { kind: 'cancel', id: Number(c[1]) };
  const first = t.split(/\s+/)[0]!;
  if (BROADCAST_WORDS.includes(first)) return { kind: 'send', text };
  return undefined;
}

export class BroadcastDialog extends ComponentDialog {
  constructor(private readonly port: BroadcastPort) {
    super(BROADCAST_DIALOG);
    this.addDialog(new ChoiceDialog());
    this.addDialog(new WaterfallDialog('bcFlow', [this.commandStep.bind(this), this.confirmStep.bind(this)]));
    this.initialDialogId = 'bcFlow';
  }

  private async commandStep(step: WaterfallStepContext<{ command: Command }>): Promise<DialogTurnResult> {
    const turn = info(step.context);
    const c = (step.options as { command: Command }).command;
    if (turn.activity.channel === 'sms') {
      await say(step.context, 'coord.sms_refused');
      return step.endDialog();
    }
    if (c.kind === 'mine') {
      const mine = await this.port.mine(turn.contact.id);
      if (!mine.length) await say(step.context, 'bc.list_none');
      else await say(step.context, { kind: 'text', text: [tr(step.context, 'bc.list'), ...mine.map((b) => `${b.id}. ${b.status}${b.nextRunAt ? `, ${formatWhen(b.nextRunAt, turn.locale)}` : ''}: ${[...b.text].slice(0, 40).join('')}`)].join('\n') });
      return step.endDialog();
    }
    if (c.kind === 'cancel') {
      await say(step.context, (await this.port.cancel(turn.contact.id, c.id)) ? 'bc.cancelled' : 'bc.cannot_cancel', { id: c.id });
      return step.endDialog();
    }
    const parsed = parseBroadcastCommand(c.text, turn.services.clock.now());
    if (!parsed.ok) {
      const problem = tr(step.context, parsed.error, { text: parsed.text ?? '' });
      await say(step.context, { kind: 'text', text: parsed.error === 'bc.usage' ? problem : `${problem} ${tr(step.context, 'bc.usage')}` });
      return step.endDialog();
    }
    let audience = parsed.draft.audience;
    if (audience.kind === 'TOPIC_WORD') {
      const id = await this.port.topicId(audience.word);
      if (id === undefined) {
        await say(step.context, { kind: 'text', text: `${tr(step.context, 'bc.bad_audience', { text: audience.word })} ${tr(step.context, 'bc.usage')}` });
        return step.endDialog();
      }
      audience = { kind: 'TOPIC', ref: id };
    }
    const draft: BroadcastDraft = { ...parsed.draft, audience };
    if (!(await this.port.authorize(turn.contact.id, draft))) {
      await say(step.context, 'bc.not_allowed');
      return step.endDialog();
    }
    (step.values as { draft?: BroadcastDraft }).draft = draft;
    const p = await this.port.preview(draft);
    const repeat = draft.repeat ? tr(step.context, draft.repeat.recurrence === 'DAILY' ? 'bc.repeat_daily' : draft.repeat.recurrence === 'WEEKLY' ? 'bc.repeat_weekly' : 'bc.repeat_monthly') : '';
    return step.beginDialog(ChoiceDialog.id, confirmOptions(step.context, tr(step.context, 'bc.preview', { tg: p.telegram, sms: p.sms, segments: p.segments, encoding: p.encoding, total: p.total, cost: p.cost.toFixed(2), unreachable: p.unreachable, when: formatWhen(new Date(draft.firstRun), turn.locale), repeat })));
  }

  private async confirmStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const draft = (step.values as { draft?: BroadcastDraft }).draft;
    const r = step.result as ChoiceResult | undefined;
    if (!draft || r?.value !== 'yes') {
      await say(step.context, 'coord.dropped');
      // A new command instead of TAK/NIE is handled too, after saying that nothing was sent.
      return step.endDialog(r?.text !== undefined ? { reroute: true } : undefined);
    }
    const turn = info(step.context);
    const id = await this.port.create(turn.contact.id, draft, turn.activity.conversationId);
    await say(step.context, 'bc.scheduled', { id });
    return step.endDialog();
  }
}

export function broadcastFeature(port: BroadcastPort): Feature {
  return {
    id: BROADCAST_DIALOG,
    priority: 10,
    dialogs: [new BroadcastDialog(port)],
    recognize(activity) {
      const command = recognizeBroadcastCommand(activity.text);
      return command ? { command } : undefined;
    },
  };
}
