/**
 * Broadcasts by chat command (Telegram only; SMS senders can be forged): the one-line NADAJ / BROADCAST command
 * with a preview (recipients per channel, SMS encoding and segments, cost, when) and a confirmation; MOJE
 * WYSYŁKI / MY BROADCASTS; ANULUJ WYSYŁKĘ 12 / CANCEL BROADCAST 12.
 */
import { ComponentDialog, WaterfallDialog, type WaterfallStepContext, type DialogTurnResult } from '../sdk.js';
import { ChoiceDialog, confirmOptions, type ChoiceResult } from '../choice-dialog.js';
import type { Feature } from '../feature.js';
import { actorOf, info, say, tr } from '../turn.js';
import { normalizeText } from '../text.js';
import { formatWhen } from '../events/when.js';
import type { BroadcastDraft, BroadcastPort } from './ports.js';
import { BROADCAST_WORDS, parseBroadcastCommand, parseWhenSpec } from './parse.js';
import { ValidatedAskDialog } from '../validated-ask.js';

export const BROADCAST_DIALOG = 'broadcast';

type Command =
  | { kind: 'send'; text: string }
  | { kind: 'mine' }
  | { kind: 'cancel'; id: number }
  | { kind: 'guided' }
  | { kind: 'edit'; id: number; text: string };

const MINE = ['moje wysylki', 'my broadcasts', 'мої розсилки', '/broadcasts'].map(normalizeText);
const CANCEL = /^(?:anuluj wysylke|cancel broadcast|скасувати розсилку)\s*(?:nr\.?|no\.?|№|#)?\s*(\d{1,9})$/;
const EDIT = /^(?:zmien wysylke|edit broadcast|змінити розсилку)\s*(?:nr\.?|no\.?|№|#)?\s*(\d{1,9})\s*\|/;
const GUIDED = ['nowa wysylka', 'new broadcast', 'нова розсилка', '/newbroadcast'].map(normalizeText);

export function recognizeBroadcastCommand(text: string | undefined): Command | undefined {
  if (!text) return undefined;
  const t = normalizeText(text).replace(/[.!]+$/, '');
  if (MINE.includes(t)) return { kind: 'mine' };
  const c = CANCEL.exec(t);
  if (c) return { kind: 'cancel', id: Number(c[1]) };
  if (GUIDED.includes(t)) return { kind: 'guided' };
  const e = EDIT.exec(t);
  if (e) return { kind: 'edit', id: Number(e[1]), text };
  const first = t.split(/\s+/)[0]!;
  if (BROADCAST_WORDS.includes(first)) return { kind: 'send', text };
  return undefined;
}

export class BroadcastDialog extends ComponentDialog {
  constructor(private readonly port: BroadcastPort) {
    super(BROADCAST_DIALOG);
    this.addDialog(new ChoiceDialog());
    this.addDialog(
      new ValidatedAskDialog<{ firstRun: string; repeat?: BroadcastDraft['repeat'] }>('bc:when', 'bc.ask_when', (text, turn) => {
        const w = parseWhenSpec(text, turn.services.clock.now());
        return w
          ? { ok: true, value: { firstRun: w.firstRun.toISOString(), repeat: w.repeat } }
          : { ok: false, error: 'bc.bad_when', params: { text: [...text].slice(0, 30).join('') } };
      }),
    );
    this.addDialog(
      new ValidatedAskDialog<string>('bc:text', 'bc.ask_text', (text) =>
        text.length > 0 && text.length <= 1000 ? { ok: true, value: text } : { ok: false, error: 'bc.empty_text' },
      ),
    );
    this.addDialog(new WaterfallDialog('bcFlow', [this.commandStep.bind(this), this.confirmStep.bind(this)]));
    this.addDialog(
      new WaterfallDialog('bcGuided', [
        this.audienceStep.bind(this),
        this.whenStep.bind(this),
        this.textStep.bind(this),
        this.guidedPreviewStep.bind(this),
        this.confirmStep.bind(this),
      ]),
    );
    this.initialDialogId = 'bcFlow';
  }

  /** Guided: who (the audiences this person may use), when, what; then the same preview and confirmation. */
  private async audienceStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const turn = info(step.context);
    const options = await this.port.audiences(turn.contact.id);
    if (!options.length) {
      await say(step.context, 'bc.not_allowed');
      return step.endDialog();
    }
    (step.values as { options?: typeof options }).options = options;
    const label = (o: (typeof options)[number]) =>
      o.audience.kind === 'ORGANIZATION'
        ? tr(step.context, 'bc.aud_org', { name: o.name })
        : o.audience.kind === 'EVENT'
          ? tr(step.context, 'bc.aud_event', { title: o.name })
          : o.audience.kind === 'TOPIC'
            ? tr(step.context, 'bc.aud_topic', { name: o.name })
            : tr(step.context, 'bc.aud_everyone');
    return step.beginDialog(ChoiceDialog.id, {
      prompt: tr(step.context, 'bc.ask_audience'),
      choices: options.map((o, i) => ({ value: `aud:${i}`, label: label(o) })),
    });
  }

  private async whenStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const v = step.values as { options: Array<{ audience: BroadcastDraft['audience'] }>; picked?: BroadcastDraft['audience'] };
    const value = (step.result as ChoiceResult | undefined)?.value;
    if (!value?.startsWith('aud:')) return step.endDialog();
    v.picked = v.options[Number(value.slice(4))]!.audience;
    return step.beginDialog('bc:when');
  }

  private async textStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    (step.values as { when?: unknown }).when = step.result;
    return step.beginDialog('bc:text');
  }

  private async guidedPreviewStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const v = step.values as { picked: BroadcastDraft['audience']; when: { firstRun: string; repeat?: BroadcastDraft['repeat'] } };
    const draft: BroadcastDraft = {
      audience: v.picked,
      policy: 'TELEGRAM_FIRST',
      urgent: false,
      firstRun: v.when.firstRun,
      repeat: v.when.repeat,
      text: step.result as string,
    };
    return this.preview(step, draft);
  }

  /** Shows what the broadcast would cost and when, and asks for TAK/NIE. */
  private async preview(step: WaterfallStepContext, draft: BroadcastDraft & { editId?: number }): Promise<DialogTurnResult> {
    const turn = info(step.context);
    (step.values as { draft?: BroadcastDraft }).draft = draft;
    const p = await this.port.preview(draft, actorOf(turn));
    const repeat = draft.repeat
      ? tr(
          step.context,
          draft.repeat.recurrence === 'DAILY'
            ? 'bc.repeat_daily'
            : draft.repeat.recurrence === 'WEEKLY'
              ? 'bc.repeat_weekly'
              : 'bc.repeat_monthly',
        )
      : '';
    return step.beginDialog(
      ChoiceDialog.id,
      confirmOptions(
        step.context,
        tr(step.context, 'bc.preview', {
          tg: p.telegram,
          sms: p.sms,
          segments: p.segments,
          encoding: p.encoding,
          total: p.total,
          cost: p.cost.toFixed(2),
          unreachable: p.unreachable,
          when: formatWhen(new Date(draft.firstRun), turn.locale),
          repeat,
        }),
      ),
    );
  }

  private async commandStep(step: WaterfallStepContext<{ command: Command }>): Promise<DialogTurnResult> {
    const turn = info(step.context);
    const c = (step.options as { command: Command }).command;
    if (!turn.can.verifiedSender) {
      await say(step.context, 'coord.sms_refused');
      return step.endDialog();
    }
    if (c.kind === 'mine') {
      const mine = await this.port.mine(turn.contact.id);
      if (!mine.length) await say(step.context, 'bc.list_none');
      else
        await say(step.context, {
          kind: 'text',
          text: [
            tr(step.context, 'bc.list'),
            ...mine.map(
              (b) =>
                `${b.id}. ${b.status}${b.nextRunAt ? `, ${formatWhen(b.nextRunAt, turn.locale)}` : ''}: ${[...b.text].slice(0, 40).join('')}`,
            ),
          ].join('\n'),
        });
      return step.endDialog();
    }
    if (c.kind === 'cancel') {
      await say(step.context, (await this.port.cancel(actorOf(turn), c.id)) ? 'bc.cancelled' : 'bc.cannot_cancel', { id: c.id });
      return step.endDialog();
    }
    if (c.kind === 'guided') return step.replaceDialog('bcGuided');
    if (c.kind === 'edit') {
      // ZMIEŃ WYSYŁKĘ 12 | kiedy | treść — "-" keeps that part.
      const current = await this.port.editable(actorOf(turn), c.id);
      if (!current) {
        await say(step.context, 'bc.cannot_edit', { id: c.id });
        return step.endDialog();
      }
      const [, whenRaw = '-', ...textParts] = c.text.split('|').map((x) => x.trim());
      const newText = textParts.join('|').trim();
      const when = whenRaw === '-' || whenRaw === '' ? undefined : parseWhenSpec(whenRaw, turn.services.clock.now());
      if (whenRaw !== '-' && whenRaw !== '' && !when) {
        await say(step.context, 'bc.bad_when', { text: whenRaw });
        return step.endDialog();
      }
      const draft = {
        ...current,
        ...(when ? { firstRun: when.firstRun.toISOString(), repeat: when.repeat } : {}),
        ...(newText && newText !== '-' ? { text: newText } : {}),
        editId: c.id,
      };
      return this.preview(step, draft);
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
        await say(step.context, {
          kind: 'text',
          text: `${tr(step.context, 'bc.bad_audience', { text: audience.word })} ${tr(step.context, 'bc.usage')}`,
        });
        return step.endDialog();
      }
      audience = { kind: 'TOPIC', ref: id };
    }
    if (audience.kind === 'NETWORK_WORDS') {
      // A network bulletin (issue 17): category words to ids; an unknown word is named back.
      const categoryIds: number[] = [];
      for (const word of audience.categories) {
        const id = await this.port.topicId(word);
        if (id === undefined) {
          await say(step.context, {
            kind: 'text',
            text: `${tr(step.context, 'bc.bad_audience', { text: word })} ${tr(step.context, 'bc.usage')}`,
          });
          return step.endDialog();
        }
        if (!categoryIds.includes(id)) categoryIds.push(id);
      }
      audience = {
        kind: 'NETWORK',
        filter: { ...(categoryIds.length ? { categoryIds } : {}), ...(audience.districts.length ? { districts: audience.districts } : {}) },
      };
    }
    const draft: BroadcastDraft = { ...parsed.draft, audience };
    if (!(await this.port.authorize(actorOf(turn), draft))) {
      await say(step.context, 'bc.not_allowed');
      return step.endDialog();
    }
    return this.preview(step, draft);
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
    const editId = (draft as { editId?: number }).editId;
    if (editId !== undefined) {
      await say(step.context, (await this.port.update(actorOf(turn), editId, draft)) ? 'bc.edited' : 'bc.cannot_edit', { id: editId });
      return step.endDialog();
    }
    const id = await this.port.create(actorOf(turn), draft, turn.activity.conversationId);
    // A wide send waits for an administrator (issue 17); its sender is told so, and later told the decision.
    const approval = await this.port.approvalOf?.(id);
    await say(step.context, approval === undefined ? 'bc.scheduled' : 'net.bc_waiting', { id, approval: approval ?? '' });
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
