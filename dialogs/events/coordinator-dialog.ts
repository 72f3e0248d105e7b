/**
 * Coordinators manage their organisation's events by chat (Telegram only: an SMS sender can be forged):
 * create (guided: organisation, title, when, place, seats, confirm), edit (date, place or seats; attendees are
 * told), cancel (attendees are told), attendees (counts and a CSV file).
 */
import { ComponentDialog, WaterfallDialog, type WaterfallStepContext, type DialogTurnResult } from '../sdk.js';
import { ChoiceDialog, confirmOptions, type ChoiceResult } from '../choice-dialog.js';
import { actorOf, info, say, tr } from '../turn.js';
import { ValidatedAskDialog } from '../validated-ask.js';
import type { LinkBuilder } from '../nearest/ports.js';
import type { CoordinatorPort, EventChange } from './coordinator-ports.js';
import type { ContactNotifier, EventPort, NoticePort } from './ports.js';
import { eventLine } from './events-dialog.js';
import { parseWhen } from './when.js';
import { normalizeText } from '../text.js';

export const COORDINATOR_DIALOG = 'coordinator';

export type CoordinatorCommand =
  | { kind: 'create' }
  | { kind: 'edit'; id: number }
  | { kind: 'cancel'; id: number }
  | { kind: 'attendees'; id: number };

const CREATE = [
  'nowe wydarzenie',
  'dodaj wydarzenie',
  'utworz wydarzenie',
  'new event',
  'create event',
  'нова подія',
  'створити подію',
  '/newevent',
].map(normalizeText);
const WITH_ID: Array<[CoordinatorCommand['kind'], string[]]> = [
  ['cancel', ['odwolaj', 'odwolaj wydarzenie', 'cancel event', 'скасувати подію', '/cancelevent']],
  ['edit', ['zmien', 'edytuj', 'zmien wydarzenie', 'edytuj wydarzenie', 'edit', 'edit event', 'змінити подію', 'редагувати', '/editevent']],
  ['attendees', ['uczestnicy', 'lista uczestnikow', 'eksport', 'attendees', 'export', 'учасники', '/attendees']],
];

export function recognizeCoordinatorCommand(text: string | undefined): CoordinatorCommand | undefined {
  if (!text) return undefined;
  const tx = normalizeText(text).replace(/[.!?]+$/, '');
  if (CREATE.includes(tx)) return { kind: 'create' };
  const m = /^(.+?)\s*(?:nr\.?|no\.?|№|#)?\s*(\d{1,9})$/.exec(tx);
  if (!m) return undefined;
  for (const [kind, words] of WITH_ID)
    if (words.map(normalizeText).includes(m[1]!.trim())) return { kind, id: Number(m[2]) } as CoordinatorCommand;
  return undefined;
}

export interface CoordinatorPorts {
  coordination: CoordinatorPort;
  events: EventPort;
  notifier: ContactNotifier;
  notices: NoticePort;
  links: LinkBuilder & { telegramEvent?(id: number): string | undefined };
}

interface Draft {
  command: CoordinatorCommand;
  organizationId?: number;
  title?: string;
  startsAt?: string;
  place?: string;
  capacity?: number | null;
  field?: 'when' | 'place' | 'capacity';
}

const ASK_TITLE = 'ask:title';
const ASK_WHEN = 'ask:when';
const ASK_PLACE = 'ask:place';
const ASK_CAPACITY = 'ask:capacity';

export class CoordinatorDialog extends ComponentDialog {
  constructor(private readonly ports: CoordinatorPorts) {
    super(COORDINATOR_DIALOG);
    this.addDialog(new ChoiceDialog());
    this.addDialog(
      new ValidatedAskDialog<string>(ASK_TITLE, 'coord.ask_title', (text) =>
        text.length >= 3 && text.length <= 120 ? { ok: true, value: text } : { ok: false, error: 'coord.bad_title' },
      ),
    );
    this.addDialog(
      new ValidatedAskDialog<string>(ASK_WHEN, 'coord.ask_when', (text, turn) => {
        const r = parseWhen(text, turn.services.clock.now());
        if (r.ok) return { ok: true, value: r.date.toISOString() };
        return {
          ok: false,
          error: r.reason === 'past' ? 'coord.when_past' : r.reason === 'no_time' ? 'coord.when_no_time' : 'coord.when_unparsed',
        };
      }),
    );
    this.addDialog(
      new ValidatedAskDialog<string>(ASK_PLACE, 'coord.ask_place', (text) =>
        text.length >= 2 && text.length <= 200 ? { ok: true, value: text } : { ok: false, error: 'coord.ask_place' },
      ),
    );
    this.addDialog(
      new ValidatedAskDialog<number | null>(ASK_CAPACITY, 'coord.ask_capacity', (text, _turn, ctx) => {
        if (!/^\d{1,6}$/.test(text) || Number(text) > 100_000) return { ok: false, error: 'coord.bad_capacity' };
        const n = Number(text);
        const confirmed = Number(ctx.confirmed ?? 0);
        if (n > 0 && n < confirmed) return { ok: false, error: 'coord.capacity_below', params: { confirmed } };
        return { ok: true, value: n === 0 ? null : n };
      }),
    );
    this.addDialog(
      new WaterfallDialog('coordFlow', [
        this.authorizeStep.bind(this),
        this.firstStep.bind(this),
        this.secondStep.bind(this),
        this.thirdStep.bind(this),
        this.fourthStep.bind(this),
        this.fifthStep.bind(this),
        this.finishStep.bind(this),
      ]),
    );
    this.initialDialogId = 'coordFlow';
  }

  private draft(step: WaterfallStepContext): Draft {
    return step.values as Draft;
  }

  private async authorizeStep(step: WaterfallStepContext<{ command: CoordinatorCommand }>): Promise<DialogTurnResult> {
    const turn = info(step.context);
    const d = this.draft(step);
    d.command = (step.options as { command: CoordinatorCommand }).command;
    if (!turn.can.verifiedSender) {
      await say(step.context, 'coord.sms_refused');
      return step.endDialog();
    }
    if (d.command.kind === 'create') {
      const orgs = await this.ports.coordination.organizationsOf(turn.contact.id);
      if (!orgs.length) return this.refuse(step);
      if (orgs.length === 1) {
        d.organizationId = orgs[0]!.id;
        return step.next();
      }
      return step.beginDialog(ChoiceDialog.id, {
        prompt: tr(step.context, 'coord.pick_org'),
        choices: orgs.map((o) => ({ value: `org:${o.id}`, label: o.name })),
      });
    }
    if (!(await this.ports.coordination.canManage(turn.contact.id, d.command.id))) return this.refuse(step);
    return step.next();
  }

  private async refuse(step: WaterfallStepContext) {
    await say(step.context, 'coord.not_allowed');
    return step.endDialog();
  }

  private async firstStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const d = this.draft(step);
    const c = d.command;
    const picked = (step.result as ChoiceResult | undefined)?.value;
    if (picked?.startsWith('org:')) d.organizationId = Number(picked.slice(4));
    if (c.kind === 'create') return step.beginDialog(ASK_TITLE);
    const event = (await this.ports.events.get(c.id))!;
    const locale = info(step.context).locale;
    if (c.kind === 'attendees') {
      const list = await this.ports.coordination.attendees(actorOf(info(step.context)), c.id);
      const confirmed = list.filter((a) => a.status === 'CONFIRMED').length;
      await say(step.context, 'coord.attendees', {
        title: event.title,
        confirmed,
        capacity: event.capacity === null ? '' : `/${event.capacity}`,
        waitlisted: list.length - confirmed,
      });
      const csv = [
        'name,channel,address,status,signed_up_at',
        ...list.map((a) => [a.name, a.channel, a.address, a.status, a.signedUpAt.toISOString()].map(csvCell).join(',')),
      ].join('\r\n');
      await say(step.context, {
        kind: 'document',
        filename: `event-${c.id}-attendees.csv`,
        mime: 'text/csv',
        content: `${csv}\r\n`,
        caption: tr(step.context, 'coord.attendees_file'),
      });
      return step.endDialog();
    }
    if (c.kind === 'cancel') {
      const count = (await this.ports.coordination.attendees(actorOf(info(step.context)), c.id)).length;
      return step.beginDialog(
        ChoiceDialog.id,
        confirmOptions(
          step.context,
          tr(step.context, 'coord.confirm_cancel', { title: event.title, when: eventLine(event, locale).when, count }),
        ),
      );
    }
    return step.beginDialog(ChoiceDialog.id, {
      prompt: tr(step.context, 'coord.pick_change', { title: event.title }),
      choices: [
        { value: 'when', label: tr(step.context, 'coord.change_when') },
        { value: 'place', label: tr(step.context, 'coord.change_place') },
        { value: 'capacity', label: tr(step.context, 'coord.change_capacity') },
      ],
    });
  }

  private async secondStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const d = this.draft(step);
    const c = d.command;
    const by = actorOf(info(step.context));
    if (c.kind === 'create') {
      d.title = step.result as string;
      return step.beginDialog(ASK_WHEN);
    }
    if (c.kind === 'cancel') {
      if ((step.result as ChoiceResult | undefined)?.value !== 'yes') {
        await say(step.context, 'coord.dropped');
        return step.endDialog();
      }
      const r = await this.ports.coordination.cancel(by, c.id);
      // Queued with the cancellation; sent now, and retried later for whoever could not be reached.
      const count = await this.ports.notices.deliver(r.notices);
      await say(step.context, 'coord.cancelled', { title: r.event.title, count });
      return step.endDialog();
    }
    if (c.kind === 'edit') {
      const field = (step.result as ChoiceResult | undefined)?.value as Draft['field'];
      d.field = field;
      if (field === 'when') return step.beginDialog(ASK_WHEN);
      if (field === 'place') return step.beginDialog(ASK_PLACE);
      const event = (await this.ports.events.get(c.id))!;
      return step.beginDialog(ASK_CAPACITY, { context: { confirmed: event.confirmed } });
    }
    return step.endDialog();
  }

  private async thirdStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const d = this.draft(step);
    const c = d.command;
    if (c.kind === 'create') {
      d.startsAt = step.result as string;
      return step.beginDialog(ASK_PLACE);
    }
    if (c.kind !== 'edit') return step.endDialog();
    const change: EventChange =
      d.field === 'when'
        ? { startsAt: new Date(step.result as string) }
        : d.field === 'place'
          ? { place: step.result as string }
          : { capacity: step.result as number | null };
    const r = await this.ports.coordination.update(actorOf(info(step.context)), c.id, change);
    const count = await this.ports.notices.deliver(r.notices);
    await say(step.context, 'coord.changed', { title: r.event.title, count });
    return step.endDialog();
  }

  private async fourthStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    this.draft(step).place = step.result as string;
    return step.beginDialog(ASK_CAPACITY);
  }

  private async fifthStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const d = this.draft(step);
    d.capacity = step.result as number | null;
    const locale = info(step.context).locale;
    const when = eventLine(
      {
        id: 0,
        title: d.title!,
        startsAt: new Date(d.startsAt!),
        place: d.place!,
        organization: { id: 0, name: '' },
        capacity: d.capacity,
        confirmed: 0,
        status: 'SCHEDULED',
        isDemo: false,
      },
      locale,
    );
    const summary = [d.title, when.when, when.place, d.capacity === null ? '∞' : String(d.capacity)].join('\n');
    return step.beginDialog(ChoiceDialog.id, confirmOptions(step.context, tr(step.context, 'coord.confirm_create', { summary })));
  }

  private async finishStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const d = this.draft(step);
    if ((step.result as ChoiceResult | undefined)?.value !== 'yes') {
      await say(step.context, 'coord.dropped');
      return step.endDialog();
    }
    const e = await this.ports.coordination.create(actorOf(info(step.context)), {
      organizationId: d.organizationId!,
      title: d.title!,
      startsAt: new Date(d.startsAt!),
      place: d.place!,
      capacity: d.capacity ?? null,
    });
    await say(step.context, 'coord.created', {
      id: e.id,
      link: this.ports.links.telegramEvent?.(e.id) ?? this.ports.links.map({ org: e.organization.id }),
    });
    return step.endDialog();
  }
}

export function csvCell(v: string): string {
  // Defuse spreadsheet formulas (OWASP: any cell starting with = + - @ tab or CR, numbers too: "-1+HYPERLINK(…)"
  // is a formula), then quote everything that needs it.
  const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
