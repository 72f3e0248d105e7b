/**
 * Nearest organisations: understand where the person is (pin, coordinates, map link, district, street,
 * landmark, postcode), optionally in a category, and list the nearest organisations with distances, a page at a
 * time ("WIĘCEJ" / "MORE" / "ЩЕ"), with details or a venue for the one picked. Never a dead end: an unknown place
 * gets a request for a pin (Telegram) or a numbered list of districts (SMS).
 *
 * The point is kept in this dialog's state only, so it is gone when the conversation ends.
 */
import { ComponentDialog, WaterfallDialog, type WaterfallStepContext, type DialogTurnResult } from '../sdk.js';
import type { Choice, GeoPoint, Reply } from '../activity.js';
import { AskDialog, type AskResult } from '../ask-dialog.js';
import { ChoiceDialog, type ChoiceResult } from '../choice-dialog.js';
import { normalizeText } from '../text.js';
import { info, say, tr } from '../turn.js';
import { categoryName, findCategory } from './category-match.js';
import { CATEGORY_LEXICON } from '../understanding/lexicon.js';

const LEXICON_SLUGS = new Set<string>(CATEGORY_LEXICON.map((c) => c.slug));
import { formatRadius, organizationItem, placeWithPrecision } from './format.js';
import type { NearestPorts, Resolution } from './ports.js';

export const NEAREST_DIALOG = 'nearest';

export interface NearestOptions {
  /** Remember (a district name) or forget (null) the home district: ZAPAMIĘTAJ OSIEDLE Rokosowo / ZAPOMNIJ OSIEDLE. */
  home?: string | null;
  /** Show one organisation (deep link `org_12`, SMS `INFO 12`). */
  orgId?: number;
  text?: string;
  location?: GeoPoint & { title?: string; address?: string };
  category?: string;
  /** A place the understanding step already found in the message (PlaceLookup.findPlaceInText). */
  resolution?: Resolution;
}

interface PlaceState {
  point: GeoPoint;
  label: string;
  approximate: boolean;
  insideCity: boolean;
  /** How far the true place may be (metres), from the resolver's evidence; said with the place. */
  radiusMeters?: number;
  /** Extra line to say once before the first results (postcode → city centre). */
  note?: string;
}

interface NearestState {
  category?: string;
  /** The request was read from a sentence: the first results say how to correct it in one word. */
  fromSentence?: boolean;
  place?: PlaceState;
  offset: number;
  attempts: number;
  /** Candidate points of an ambiguous name or of the district list, by choice value. */
  candidates?: Record<string, { label: string; point: GeoPoint; approximate: boolean }>;
}

const MORE_WORDS = new Set(['wiecej', 'more', 'ще', 'dalej', 'next', 'далі', 'nastepne', 'kolejne']);
const STATE = 'nearestState';

export class NearestDialog extends ComponentDialog {
  constructor(private readonly ports: NearestPorts) {
    super(NEAREST_DIALOG);
    this.addDialog(new AskDialog());
    this.addDialog(new ChoiceDialog());
    this.addDialog(
      new WaterfallDialog('nearestFlow', [
        this.whereStep.bind(this),
        this.placeStep.bind(this),
        this.resultsStep.bind(this),
        this.afterResultsStep.bind(this),
      ]),
    );
    this.initialDialogId = 'nearestFlow';
  }

  private state(step: WaterfallStepContext): NearestState {
    const v = step.values as Record<string, NearestState>;
    return (v[STATE] ??= { offset: 0, attempts: 0 });
  }

  /** Step 1: what do we know? A pin, a text to resolve, or nothing (ask). */
  private async whereStep(step: WaterfallStepContext<NearestOptions>): Promise<DialogTurnResult> {
    const o = (step.options ?? {}) as NearestOptions & { state?: NearestState; answer?: AskResult | ChoiceResult };
    if (o.state) (step.values as Record<string, NearestState>)[STATE] = o.state;
    const s = this.state(step);
    if (o.category) s.category = o.category;
    if (o.home !== undefined) return this.rememberHome(step, o.home);
    if (o.orgId !== undefined) {
      if (!(await this.showDetails(step, o.orgId))) await say(step.context, 'nearest.org_unknown', { id: o.orgId });
      return step.endDialog();
    }
    if (s.place) return step.next();
    if (o.answer) return step.next(o.answer);
    if (o.resolution) {
      const text = info(step.context).activity.text ?? '';
      s.fromSentence = text.trim().split(/\s+/).length >= 3 || Boolean(s.category);
      // A category the concept lexicon does not know (imported ones, "inne") is still found by its names.
      if (!s.category) {
        const span = (o.resolution as { span?: { start: number; end: number } }).span;
        const rest = span ? `${text.slice(0, span.start)} ${text.slice(span.end)}` : text;
        const other = (await this.ports.categories.list()).filter((c) => !LEXICON_SLUGS.has(c.slug));
        s.category = findCategory(rest, other)?.category.slug;
      }
      return step.next({ resolution: o.resolution });
    }
    if (o.location) return step.next({ location: o.location } satisfies AskResult);
    if (o.text?.trim()) return step.next({ text: o.text } satisfies AskResult);
    return this.ask(step);
  }

  private async ask(step: WaterfallStepContext, prefix: Reply[] = []): Promise<DialogTurnResult> {
    // The category already understood is said back, so the next message (a place) completes the request.
    const category = this.state(step).category;
    const cat = category ? (await this.ports.categories.list()).find((c) => c.slug === category) : undefined;
    const lead = cat ? `${tr(step.context, 'understood.looking_for', { category: categoryName(cat, info(step.context).locale) })} ` : '';
    const ask: Reply = info(step.context).can.locationPin
      ? { kind: 'location_request', text: lead + tr(step.context, 'nearest.ask_telegram'), button: tr(step.context, 'nearest.button') }
      : { kind: 'text', text: lead + tr(step.context, 'nearest.ask_sms') };
    return step.beginDialog(AskDialog.id, { replies: [...prefix, ask] });
  }

  /** Step 2: turn the answer into a point, or ask again (a choice of places, a pin, the district list). */
  private async placeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const s = this.state(step);
    if (s.place) return step.next();
    const r = step.result as AskResult | ChoiceResult | { resolution: Resolution } | undefined;
    if (r && 'value' in r && r.value && s.candidates?.[r.value]) {
      const c = s.candidates[r.value]!;
      s.place = {
        point: c.point,
        label: c.label,
        approximate: c.approximate,
        insideCity: this.ports.places.resolvePoint(c.point).insideCity,
      };
      s.candidates = undefined;
      return step.next();
    }
    const location = r && 'location' in r ? r.location : undefined;
    let text = r && 'text' in r ? r.text?.trim() : undefined;
    let resolution: Resolution;
    if (r && 'resolution' in r) {
      resolution = r.resolution;
      text = 'span' in resolution ? (resolution as { span?: { text: string } }).span?.text : undefined;
    } else if (location) {
      resolution = this.ports.places.resolvePoint(
        location,
        location.title ? [location.title, location.address].filter(Boolean).join(', ') : undefined,
      );
    } else if (text) {
      const hit = findCategory(text, await this.ports.categories.list());
      if (hit) {
        s.category ??= hit.category.slug;
        text = hit.rest.trim();
      }
      if (!text) return this.ask(step);
      resolution = await this.ports.places.resolveText(text);
    } else {
      return this.ask(step);
    }
    s.candidates = undefined;
    switch (resolution.kind) {
      case 'point':
        s.place = {
          point: resolution.point,
          label: resolution.label,
          approximate: resolution.approximate,
          insideCity: resolution.insideCity,
          radiusMeters: resolution.radiusMeters,
          note: this.placeNote(step, resolution),
        };
        return step.next();
      case 'ambiguous': {
        s.candidates = Object.fromEntries(
          resolution.options.map((opt, i) => [`place:${i}`, { label: opt.label, point: opt.point, approximate: true }]),
        );
        return step.beginDialog(ChoiceDialog.id, {
          prompt: tr(step.context, 'nearest.choose_place'),
          choices: resolution.options.map((opt, i) => ({ value: `place:${i}`, label: opt.label })),
          passThroughText: true,
        });
      }
      default:
        return this.cannotPlace(step, resolution, text ?? '');
    }
  }

  /** A postcode answer says where it counts from, and the villages that share the code. */
  private placeNote(step: WaterfallStepContext, r: Resolution & { kind: 'point' }): string | undefined {
    const villages =
      r.villages?.length && /^\d{2}-\d{3}$/.test(r.label)
        ? tr(step.context, 'nearest.postcode_villages', { code: r.label, villages: r.villages.join(', ') })
        : undefined;
    if (r.via !== 'postcode') return villages;
    if (r.evidence !== 'postcode') return tr(step.context, 'nearest.postcode_city', { code: r.label });
    if (!/^\d{2}-\d{3}$/.test(r.label)) return villages;
    return [
      tr(step.context, 'nearest.postcode_point', { code: r.label, d: formatRadius(r.radiusMeters ?? 500, info(step.context).locale) }),
      villages,
    ]
      .filter(Boolean)
      .join(' ');
  }

  /** Explains why the place was not understood and offers a way on: pin (Telegram) or districts (SMS). */
  private async cannotPlace(step: WaterfallStepContext, r: Resolution, text: string): Promise<DialogTurnResult> {
    const s = this.state(step);
    s.attempts++;
    const why =
      r.kind === 'short_link'
        ? tr(step.context, 'nearest.short_link')
        : r.kind === 'postcode_unknown'
          ? tr(step.context, 'nearest.postcode_unknown', { code: r.code })
          : r.kind === 'postcode_elsewhere'
            ? tr(step.context, 'nearest.postcode_elsewhere', { code: r.code })
            : r.kind === 'vague'
              ? tr(step.context, 'nearest.too_vague', { place: r.label, d: formatRadius(2000, info(step.context).locale) })
              : tr(step.context, 'nearest.unknown_place', { text: [...text].slice(0, 40).join('') });
    if (s.attempts > 3) {
      await say(step.context, { kind: 'text', text: `${why} ${tr(step.context, 'cancel.done')}` });
      return step.endDialog();
    }
    if (info(step.context).can.locationPin) return this.ask(step, [{ kind: 'text', text: why }]);
    const districts = this.ports.places.districts();
    s.candidates = Object.fromEntries(
      districts.map((d, i) => [`district:${i}`, { label: `os. ${d.name}`, point: d.point, approximate: true }]),
    );
    return step.beginDialog(ChoiceDialog.id, {
      prompt: `${why} ${tr(step.context, 'nearest.pick_district')}`,
      choices: districts.map((d, i) => ({ value: `district:${i}`, label: d.name })),
      passThroughText: true,
    });
  }

  /** Step 3: a page of results. */
  private async resultsStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const s = this.state(step);
    if (!s.place) {
      // placeStep asked again (a choice of places or districts, or a pin): handle the answer on a new pass.
      return step.replaceDialog(this.initialDialogId, { answer: step.result, state: s });
    }
    const locale = info(step.context).locale;
    const pageSize = this.ports.pageSize ?? 3;
    const lines: string[] = [];
    if (s.offset === 0 && s.place.note) lines.push(s.place.note);
    if (s.offset === 0 && !s.place.insideCity) lines.push(tr(step.context, 'nearest.outside'));
    let category = s.category;
    let found = await this.ports.organizations.nearest(s.place.point, { limit: pageSize, offset: s.offset, category });
    if (category && found.total === 0) {
      const cat = (await this.ports.categories.list()).find((c) => c.slug === category);
      lines.push(tr(step.context, 'nearest.none_in_category', { category: cat ? categoryName(cat, locale) : category }));
      category = s.category = undefined;
      found = await this.ports.organizations.nearest(s.place.point, { limit: pageSize, offset: s.offset });
    }
    if (found.results.length === 0) {
      await say(step.context, {
        kind: 'text',
        text: [...lines, tr(step.context, s.offset > 0 ? 'nearest.no_more' : 'nearest.none')].join(' '),
      });
      return step.endDialog();
    }
    const cat = category ? (await this.ports.categories.list()).find((c) => c.slug === category) : undefined;
    const place = placeWithPrecision(s.place.label, s.place.radiusMeters, s.place.approximate, locale);
    const header = cat
      ? tr(step.context, 'nearest.header_category', { category: categoryName(cat, locale).toLowerCase(), place })
      : tr(step.context, 'nearest.header', { place });
    const items = found.results.map((r) => organizationItem(r.organization, r.distanceMeters, locale));
    info(step.context).listShown = found.results.map((r) => r.organization.id);
    const hasMore = s.offset + found.results.length < found.total;
    const reply: Reply = {
      kind: 'places',
      text: [...lines, header].join(' '),
      items,
      // Says how to correct what was understood, in one word (a category or a place).
      footer:
        [
          hasMore ? tr(step.context, 'nearest.more_hint') : undefined,
          s.offset === 0 && (s.fromSentence || s.category) ? tr(step.context, 'nearest.fix_hint') : undefined,
        ]
          .filter(Boolean)
          .join('\n') || undefined,
      more: hasMore ? { value: 'more', label: tr(step.context, 'nearest.more_label') } : undefined,
      link: {
        url: this.ports.links.map({ lat: round(s.place.point.lat), lng: round(s.place.point.lng) }),
        label: tr(step.context, 'nearest.map'),
      },
    };
    const shown = await step.beginDialog(ChoiceDialog.id, {
      prompt: reply.text,
      choices: [
        ...items.map((it) => ({ value: it.value, label: it.title })),
        ...(hasMore ? [{ value: 'more', label: tr(step.context, 'nearest.more_label') }] : []),
      ],
      render: reply,
      passThroughText: true,
      passThroughChoices: this.askChoices(
        step,
        found.results.map((r) => r.organization),
      ).map((c) => c.value),
    });
    await this.offerAsk(
      step,
      'q.ask_offer_list',
      found.results.map((r) => r.organization),
    );
    return shown;
  }

  /** On channels with buttons, an "Ask" button per organisation shown (SMS replies stay as they are: ZAPYTAJ 2 works there). */
  private async offerAsk(step: WaterfallStepContext, text: 'q.ask_offer' | 'q.ask_offer_list', orgs: Array<{ id: number; name: string }>) {
    const choices = this.askChoices(step, orgs);
    if (choices.length) await say(step.context, { kind: 'choices', text: tr(step.context, text), choices });
  }

  private askChoices(step: WaterfallStepContext, orgs: Array<{ id: number; name: string }>): Choice[] {
    const askValue = this.ports.askValue;
    if (!askValue || !info(step.context).can.buttons) return [];
    return orgs.map((o) => ({
      value: askValue(o.id),
      label: orgs.length === 1 ? tr(step.context, 'q.btn_ask') : tr(step.context, 'q.btn_ask_org', { org: o.name }),
    }));
  }

  /** Stores only a district name (never a point) as the person's home area, or forgets it. */
  private async rememberHome(step: WaterfallStepContext, text: string | null): Promise<DialogTurnResult> {
    const turn = info(step.context);
    if (!this.ports.home) return step.endDialog();
    if (text === null) {
      await this.ports.home.set(turn.contact.id, null);
      await say(step.context, 'home.forgotten');
      return step.endDialog();
    }
    const districts = this.ports.places.districts();
    const norm = normalizeText(text).replace(/^(os\.?|osiedle)\s+/, '');
    const hit =
      districts.find((d) => normalizeText(d.name) === norm) ??
      districts.find((d) => normalizeText(d.name).startsWith(norm.slice(0, Math.max(4, norm.length - 2))));
    if (!hit) {
      await say(step.context, 'home.unknown', { text: [...text].slice(0, 30).join(''), list: districts.map((d) => d.name).join(', ') });
      return step.endDialog();
    }
    await this.ports.home.set(turn.contact.id, hit.name);
    await say(step.context, 'home.saved', { district: hit.name });
    return step.endDialog();
  }

  /** One organisation: its venue (name, address, point) and how to reach it. */
  async showDetails(step: WaterfallStepContext, id: number): Promise<boolean> {
    const o = await this.ports.organizations.get(id);
    if (!o) return false;
    const item = organizationItem(o, undefined, info(step.context).locale);
    info(step.context).listShown = [o.id];
    await say(step.context, { kind: 'venue', title: item.title, address: o.address ?? '', lat: o.lat, lng: o.lng });
    // The venue carries name and address; the text adds how to reach them.
    const contact = [o.phone ? `${tr(step.context, 'nearest.phone')} ${o.phone}` : null, o.website].filter(Boolean).join('\n');
    await say(step.context, {
      kind: 'link',
      text: contact || item.title,
      url: this.ports.links.map({ org: o.id }),
      label: tr(step.context, 'nearest.map'),
    });
    await this.offerAsk(step, 'q.ask_offer', [o]);
    return true;
  }

  /** Step 4: more, details of one, or something else (handed back to the main dialog). */
  private async afterResultsStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const s = this.state(step);
    const r = (step.result ?? {}) as ChoiceResult;
    const more = r.value === 'more' || (r.text !== undefined && MORE_WORDS.has(normalizeText(r.text).replace(/[.!]+$/, '')));
    if (more) {
      s.offset += this.ports.pageSize ?? 3;
      return step.replaceDialog(this.initialDialogId, { state: s });
    }
    if (r.value?.startsWith('org:')) {
      await this.showDetails(step, Number(r.value.slice(4)));
      return step.endDialog();
    }
    // An "Ask" button under the list: the questions feature takes the same activity.
    if (r.choice !== undefined) return step.endDialog({ reroute: true });
    if (r.text !== undefined && this.ports.ownedElsewhere?.(r.text)) return step.endDialog({ reroute: true });
    // One word correcting what was understood: another category keeps the place, another place keeps the category.
    const u = info(step.context).understood;
    if (r.text !== undefined && u?.intent === 'nearest') {
      // (A new place alone starts a new search, handed back below.)
      const newPlace = u.place?.span && u.place.kind !== 'unknown';
      if (u.category && !newPlace && s.place)
        return step.replaceDialog(this.initialDialogId, { state: { ...s, category: u.category, offset: 0, attempts: 0 } });
    }
    if (r.text !== undefined || info(step.context).activity.location) return step.endDialog({ reroute: true });
    return step.endDialog();
  }
}

/** 4 decimals (~10 m) is plenty for a map link and keeps the SMS short. */
function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
