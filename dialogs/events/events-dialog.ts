/**
 * Events for residents: list upcoming ones (all or by category), details, sign up (with a waitlist when full),
 * leave (the first on the waitlist is promoted and told), and "my events". Works with SMS keywords
 * (ZAPISZ 12 / JOIN 12 / ЗАПИСАТИ 12, WYPISZ 12 / LEAVE 12) and with Telegram buttons.
 */
import { ComponentDialog, WaterfallDialog, type WaterfallStepContext, type DialogTurnResult } from '../sdk.js';
import type { Reply } from '../activity.js';
import { ChoiceDialog, type ChoiceResult } from '../choice-dialog.js';
import { t, type Locale } from '../i18n/index.js';
import { info, say, tr } from '../turn.js';
import { categoryName, findCategory } from '../nearest/category-match.js';
import type { CategoryCatalog } from '../nearest/ports.js';
import type { EventCommand } from './commands.js';
import type { CancelOutcome, ContactNotifier, EventPort, EventSummary, NoticePort } from './ports.js';
import { formatWhen } from './when.js';
import { formatRange } from '../understanding/dates.js';
import type { Understanding } from '../understanding/understand.js';
import { normalizeText } from '../text.js';

export const EVENTS_DIALOG = 'events';

export interface EventsPorts {
  events: EventPort;
  categories: CategoryCatalog;
  notifier: ContactNotifier;
  notices: NoticePort;
  pageSize?: number;
}

export type EventsOptions = { command: EventCommand };

/** When and where, as every event message says it. */
export function whenAndPlace(e: Pick<EventSummary, 'startsAt' | 'place'>, locale: Locale): { when: string; place: string } {
  return { when: formatWhen(e.startsAt, locale), place: e.place ?? t(locale, 'events.place_unknown') };
}

export function eventLine(e: EventSummary, locale: Locale): { when: string; place: string; seats: string } {
  const free = e.capacity === null ? null : Math.max(0, e.capacity - e.confirmed);
  return {
    ...whenAndPlace(e, locale),
    seats:
      e.capacity === null ? '' : free === 0 ? t(locale, 'events.full') : t(locale, 'events.seats', { free: free!, capacity: e.capacity }),
  };
}

/** The reminder before an event (bot/events/reminders.ts). */
export function reminderText(e: Pick<EventSummary, 'id' | 'title' | 'startsAt' | 'place'>, locale: Locale): string {
  return t(locale, 'events.reminder', { title: e.title, ...whenAndPlace(e, locale), id: e.id });
}

/** Texts for sign-up and cancellation outcomes, shared by the dialog and by notifications. */
export function promotedText(e: EventSummary, locale: Locale): string {
  const l = eventLine(e, locale);
  return t(locale, 'events.promoted', { title: e.title, when: l.when, place: l.place, id: e.id });
}

/**
 * Gives up a sign-up and tells the person the freed seat went to (from the waitlist). Used by "leave" in the
 * dialog and by "delete my data", so both move the waitlist the same way.
 */
export async function cancelSignup(
  ports: Pick<EventsPorts, 'events' | 'notices'>,
  eventId: number,
  contactId: number,
): Promise<CancelOutcome> {
  const o = await ports.events.cancel(eventId, contactId);
  // The promotion's notice was queued with it (the port's outbox); it goes now, or is retried later.
  if (o.kind === 'cancelled' && o.promotedContactId !== undefined)
    await ports.notices.deliver([{ eventId, kind: 'promoted', contactIds: [o.promotedContactId] }]);
  return o;
}

/** An event of the list shown last: its number and start. */
interface Listed {
  id: number;
  at: number;
}

/** What the waterfall remembers between turns: the events listed, the event whose details are shown. */
interface StepValues {
  listed?: Listed[];
  shown?: number;
}

const ORDINALS: Array<[RegExp, number]> = [
  [/(^| )(pierwsz\p{L}*|first|1st|перш\p{L}*)( |$)/u, 1],
  [/(^| )(drug\p{L}*|second|2nd|друг\p{L}*)( |$)/u, 2],
  [/(^| )(trzec\p{L}*|third|3rd|трет\p{L}*)( |$)/u, 3],
  [/(^| )(czwart\p{L}*|fourth|4th|четверт\p{L}*)( |$)/u, 4],
  [/(^| )(piat[yaeo]|piatego|fifth|5th|пят\p{L}*)( |$)/u, 5],
];

/**
 * Which listed event a sign-up without a number means: the only one listed, the one named by its position ("ten
 * drugi", "the second one"), or the only one on the days named ("ten na sobotę"). Undefined when it is not clear.
 */
export function pickListed(listed: Listed[] | undefined, text: string, u: Understanding | undefined): number | undefined {
  if (!listed?.length || !u || u.intent !== 'signup' || u.guessed || u.number !== undefined) return undefined;
  if (listed.length === 1) return listed[0]!.id;
  const words = normalizeText(text).replace(/[^\p{L}\p{N} ]+/gu, ' ');
  const ordinal = ORDINALS.find(([re]) => re.test(words))?.[1];
  if (ordinal !== undefined) return listed[ordinal - 1]?.id;
  if (u.dates) {
    const on = listed.filter((e) => e.at >= u.dates!.from && e.at < u.dates!.to);
    if (on.length === 1) return on[0]!.id;
  }
  return undefined;
}

export class EventsDialog extends ComponentDialog {
  constructor(private readonly ports: EventsPorts) {
    super(EVENTS_DIALOG);
    this.addDialog(new ChoiceDialog());
    this.addDialog(
      new WaterfallDialog('eventsFlow', [this.commandStep.bind(this), this.pickedStep.bind(this), this.actionStep.bind(this)]),
    );
    this.initialDialogId = 'eventsFlow';
  }

  private async commandStep(step: WaterfallStepContext<EventsOptions>): Promise<DialogTurnResult> {
    const c = (step.options as EventsOptions | undefined)?.command ?? { kind: 'list', rest: '' };
    const locale = info(step.context).locale;
    switch (c.kind) {
      case 'join':
        await this.join(step, c.id);
        return step.endDialog();
      case 'leave':
        await this.leave(step, c.id);
        return step.endDialog();
      case 'details':
        return this.details(step, c.id);
      case 'mine': {
        const mine = await this.ports.events.mine(info(step.context).contact.id, info(step.context).services.clock.now());
        if (!mine.length) {
          await say(step.context, 'events.mine_none');
          return step.endDialog();
        }
        const items = mine.map((m) => ({
          value: `event:${m.event.id}`,
          title: `${m.event.id}. ${m.event.title}`,
          details: [eventLine(m.event, locale).when, ...(m.status === 'WAITLISTED' ? [tr(step.context, 'events.mine_waitlisted')] : [])],
        }));
        return this.listPrompt(step, { kind: 'places', text: tr(step.context, 'events.mine_header'), items });
      }
      case 'list': {
        const categories = await this.ports.categories.list();
        const byUnderstanding = c.category ? categories.find((x) => x.slug === c.category) : undefined;
        const hit = byUnderstanding ? { category: byUnderstanding } : c.rest ? findCategory(c.rest, categories) : undefined;
        const pageSize = this.ports.pageSize ?? 5;
        const ranged = c.from !== undefined && c.to !== undefined;
        // Days asked about ("w ten weekend", "next week"): the upcoming events of the category, kept to those days.
        let list = await this.ports.events.upcoming({
          limit: ranged ? 50 : pageSize,
          categorySlug: hit?.category.slug,
          now: info(step.context).services.clock.now(),
        });
        if (ranged) list = list.filter((e) => e.startsAt.getTime() >= c.from! && e.startsAt.getTime() < c.to!).slice(0, pageSize);
        const dates = ranged ? formatRange({ from: c.from!, to: c.to! }, locale) : undefined;
        const catName = hit ? categoryName(hit.category, locale).toLowerCase() : undefined;
        if (!list.length) {
          if (dates)
            await say(step.context, {
              kind: 'text',
              text: `${tr(step.context, 'events.none_dates', { dates })}${catName ? ` (${catName})` : ''} ${tr(step.context, 'events.fix_hint')}`,
            });
          else if (catName)
            await say(step.context, {
              kind: 'text',
              text: `${tr(step.context, 'events.none_category', { category: catName })} ${tr(step.context, 'events.fix_hint')}`,
            });
          else await say(step.context, 'events.none');
          return step.endDialog();
        }
        const items = list.map((e) => {
          const l = eventLine(e, locale);
          return { value: `event:${e.id}`, title: `${e.id}. ${e.title}`, details: [l.when, l.place, l.seats].filter(Boolean) };
        });
        const header = dates
          ? catName
            ? tr(step.context, 'events.header_category_dates', { category: catName, dates })
            : tr(step.context, 'events.header_dates', { dates })
          : catName
            ? tr(step.context, 'events.header_category', { category: catName })
            : tr(step.context, 'events.header');
        const understood = catName !== undefined || dates !== undefined;
        (step.values as StepValues).listed = list.map((e) => ({ id: e.id, at: e.startsAt.getTime() }));
        return this.listPrompt(step, {
          kind: 'places',
          text: header,
          items,
          footer: [tr(step.context, 'events.hint', { id: list[0]!.id }), understood ? tr(step.context, 'events.fix_hint') : undefined]
            .filter(Boolean)
            .join('\n'),
        });
      }
    }
  }

  /** A list whose items can be picked by button, by the event number, or by position. */
  private listPrompt(step: WaterfallStepContext, reply: Extract<Reply, { kind: 'places' }>): Promise<DialogTurnResult> {
    const numberless = { ...reply, numbered: false };
    return step.beginDialog(ChoiceDialog.id, {
      prompt: reply.text,
      choices: reply.items.map((i) => ({ value: i.value, label: i.title })),
      render: numberless,
      passThroughText: true,
      numbered: false,
    });
  }

  private async pickedStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const r = (step.result ?? {}) as ChoiceResult;
    if (/^(join|leave):/.test(r.value ?? '')) return this.actionStep(step); // the details of a deep link answered
    if (r.value?.startsWith('event:')) return this.details(step, Number(r.value.slice(6)));
    // In a list, a bare number is the event's own number ("12"), as printed in the list.
    const num = r.text?.trim().match(/^(\d{1,9})$/);
    if (num) return this.details(step, Number(num[1]));
    // "zapisz mnie na to", "ten drugi biorę", "sign me up for the Saturday one": a sign-up for one of the events listed.
    const picked = r.text !== undefined ? pickListed((step.values as StepValues).listed, r.text, info(step.context).understood) : undefined;
    if (picked !== undefined) {
      await this.join(step, picked);
      return step.endDialog();
    }
    // One word correcting a list ("SPORT", "JUTRO"): the same list with the other topic or days.
    const prev = (step.options as EventsOptions | undefined)?.command;
    const u = info(step.context).understood;
    if (
      r.text !== undefined &&
      prev?.kind === 'list' &&
      u &&
      (u.intent === 'events' || u.intent === 'nearest') &&
      !u.place &&
      (u.category || u.dates) &&
      r.text.trim().split(/\s+/).length <= 3
    ) {
      return step.replaceDialog(this.initialDialogId, {
        command: {
          kind: 'list',
          rest: '',
          category: u.category ?? prev.category,
          from: u.dates?.from ?? prev.from,
          to: u.dates?.to ?? prev.to,
        },
      } satisfies EventsOptions);
    }
    if (r.text !== undefined) return step.endDialog({ reroute: true });
    return step.endDialog();
  }

  private async details(step: WaterfallStepContext, id: number): Promise<DialogTurnResult> {
    const e = await this.ports.events.get(id);
    (step.values as StepValues).shown = id;
    const locale = info(step.context).locale;
    if (!e || e.status !== 'SCHEDULED') {
      await say(step.context, 'events.not_found', { id });
      return step.endDialog();
    }
    const l = eventLine(e, locale);
    const text = tr(step.context, 'events.details', {
      title: e.title,
      when: l.when,
      place: l.place,
      org: e.organization.name,
      seats: l.seats,
    }).trim();
    return step.beginDialog(ChoiceDialog.id, {
      prompt: text,
      // Without buttons the keywords are the way to sign up: say them.
      render: !info(step.context).can.buttons
        ? { kind: 'text', text: `${text}\n${tr(step.context, 'events.details_sms', { id })}` }
        : undefined,
      choices: [
        { value: `join:${id}`, label: tr(step.context, 'events.signup_button') },
        { value: `leave:${id}`, label: tr(step.context, 'events.leave_button') },
      ],
      passThroughText: true,
    });
  }

  private async actionStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const r = (step.result ?? {}) as ChoiceResult;
    const m = /^(join|leave):(\d+)$/.exec(r.value ?? '');
    if (m) {
      if (m[1] === 'join') await this.join(step, Number(m[2]));
      else await this.leave(step, Number(m[2]));
      return step.endDialog();
    }
    // After one event's details, "zapisz mnie na to" / "sign me up" / "запишіть мене" is that event, and so is "wypisz mnie".
    const u = info(step.context).understood;
    const shown = (step.values as StepValues).shown;
    // Only what the phrase rules read acts at once; a learned guess ("co jeśli nie będę mogła przyjść?") is rerouted.
    if (
      r.text !== undefined &&
      shown !== undefined &&
      u &&
      !u.guessed &&
      u.number === undefined &&
      (u.intent === 'signup' || u.intent === 'leave')
    ) {
      if (u.intent === 'signup') await this.join(step, shown);
      else await this.leave(step, shown);
      return step.endDialog();
    }
    if (r.text !== undefined) return step.endDialog({ reroute: true });
    return step.endDialog();
  }

  private async join(step: WaterfallStepContext, id: number) {
    const turn = info(step.context);
    const o = await this.ports.events.signUp(id, turn.contact.id, turn.services.clock.now());
    if (o.kind === 'not_found') return say(step.context, 'events.not_found', { id });
    const l = eventLine(o.event, turn.locale);
    const p = { title: o.event.title, when: l.when, place: l.place, id };
    if (o.kind === 'closed') return say(step.context, 'events.closed', p);
    if (o.kind === 'confirmed') return say(step.context, o.already ? 'events.already_confirmed' : 'events.confirmed', p);
    return say(step.context, o.already ? 'events.already_waitlisted' : 'events.waitlisted', { ...p, position: o.position });
  }

  private async leave(step: WaterfallStepContext, id: number) {
    const turn = info(step.context);
    const o = await cancelSignup(this.ports, id, turn.contact.id);
    if (o.kind === 'not_found') return say(step.context, 'events.not_found', { id });
    if (o.kind === 'not_signed_up') return say(step.context, 'events.not_signed_up', { id });
    await say(step.context, 'events.cancelled', { title: o.event.title });
  }
}
