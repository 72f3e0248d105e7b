/**
 * PROFIL / PROFILE / ПРОФІЛЬ: a coordinator keeps the organisation's entry on the map. `PROFIL` shows it;
 * `PROFIL telefon 94 123 45 67` changes one field (validated like an import row; applied at once, or waiting for an
 * administrator for name, KRS or a far move); `PROFIL TAK` confirms it is up to date. With several organisations:
 * `PROFIL 12 telefon …`. Telegram only: the port refuses an unverified sender.
 */
import { ComponentDialog, Dialog, WaterfallDialog, type WaterfallStepContext, type DialogTurnResult } from '../sdk.js';
import type { Feature } from '../feature.js';
import { actorOf, info, say, tr } from '../turn.js';
import { normalizeText } from '../text.js';
import { COORDINATES, type ProfileField, type ProfilePort } from './ports.js';
import { ChoiceDialog, type ChoiceOptions, type ChoiceResult } from '../choice-dialog.js';
import type { Locale } from '../i18n/index.js';

export const PROFILE_DIALOG = 'profile';

const HEAD = ['profil', 'profile', 'профіль'].map(normalizeText);
const YES = ['tak', 'yes', 'так', 'aktualne', 'tak, aktualne'].map(normalizeText);
const FIELD_WORDS: Record<ProfileField, string[]> = {
  name: ['nazwa', 'name', 'назва'],
  krs: ['krs', 'крс'],
  description: ['opis', 'description', 'опис'],
  categories: ['kategorie', 'kategoria', 'categories', 'category', 'категорії', 'категорія'],
  phone: ['telefon', 'tel', 'phone', 'телефон'],
  email: ['email', 'e-mail', 'mail', 'пошта'],
  website: ['www', 'strona', 'website', 'web', 'сайт'],
  hours: ['godziny', 'hours', 'години'],
  address: ['adres', 'address', 'адреса'],
  location: ['lokalizacja', 'polozenie', 'location', 'розташування', 'місце'],
};

/** A field's name as the coordinator types it, in their language (PROFIL shows it, the yearly reminder too). */
export function fieldLabel(field: ProfileField, locale: Locale): string {
  return FIELD_LABELS[field][locale === 'en' ? 1 : locale === 'uk' ? 2 : 0];
}

const FIELD_LABELS: Record<ProfileField, [string, string, string]> = {
  name: ['NAZWA', 'NAME', 'НАЗВА'],
  krs: ['KRS', 'KRS', 'KRS'],
  description: ['OPIS', 'DESCRIPTION', 'ОПИС'],
  categories: ['KATEGORIE', 'CATEGORIES', 'КАТЕГОРІЇ'],
  phone: ['TELEFON', 'PHONE', 'ТЕЛЕФОН'],
  email: ['EMAIL', 'EMAIL', 'EMAIL'],
  website: ['WWW', 'WEBSITE', 'САЙТ'],
  hours: ['GODZINY', 'HOURS', 'ГОДИНИ'],
  address: ['ADRES', 'ADDRESS', 'АДРЕСА'],
  location: ['LOKALIZACJA', 'LOCATION', 'РОЗТАШУВАННЯ'],
};

/**
 * The answer to the yearly reminder, typed ("TAK, aktualne" / "YES, current" / "ТАК, актуально", any case,
 * punctuation or diacritics) or its button (`profile:confirm:<organisation>`).
 */
const CONFIRM_PHRASES = [
  'tak aktualne',
  'tak aktualny',
  'tak wpis aktualny',
  'tak jest aktualny',
  'yes current',
  'yes up to date',
  'yes it is current',
  'так актуально',
  'так актуальний',
  'так актуальна',
].map(normalizeText);
const CONFIRM_BUTTON = /^profile:confirm:(\d{1,9})$/;

export type ProfileCommand =
  | { org?: number; kind: 'pin' }
  | { org?: number; kind: 'show' }
  /** `reply`: the answer to the reminder (the phrase or its button), not `PROFIL TAK`. */
  | { org?: number; kind: 'confirm'; reply?: boolean }
  | { org?: number; kind: 'set'; field: ProfileField; value: string }
  | { org?: number; kind: 'usage' };

export function recognizeProfileCommand(text: string | undefined, choice?: string): ProfileCommand | undefined {
  if (choice !== undefined) {
    const b = CONFIRM_BUTTON.exec(choice);
    return b ? { org: Number(b[1]), kind: 'confirm', reply: true } : undefined;
  }
  if (!text) return undefined;
  const phrase = normalizeText(text.replace(/[,.!;:–—-]+/g, ' '));
  if (CONFIRM_PHRASES.includes(phrase)) return { kind: 'confirm', reply: true };
  const parts = text.trim().split(/\s+/);
  if (!HEAD.includes(normalizeText(parts[0] ?? ''))) return undefined;
  let i = 1;
  const org = /^\d{1,9}$/.test(parts[1] ?? '') ? Number(parts[i++]) : undefined;
  const rest = parts.slice(i);
  if (!rest.length) return { org, kind: 'show' };
  if (YES.includes(normalizeText(rest.join(' ')).replace(/[.!]+$/, ''))) return { org, kind: 'confirm' };
  const word = normalizeText(rest[0]!).replace(/:$/, '');
  const field = (Object.keys(FIELD_WORDS) as ProfileField[]).find((f) => FIELD_WORDS[f].map(normalizeText).includes(word));
  // `PROFIL lokalizacja` alone: the location is asked for as a Telegram pin.
  if (field === 'location' && rest.length === 1) return { org, kind: 'pin' };
  if (!field || rest.length < 2) return { org, kind: 'usage' };
  return { org, kind: 'set', field, value: rest.slice(1).join(' ') };
}

interface ProfileValues {
  /** The organisation waiting for a pin. */
  org?: number;
  /** A looked-up address waiting for TAK. */
  address?: { org: number; lat: number; lng: number };
}

export class ProfileDialog extends ComponentDialog {
  constructor(private readonly port: ProfilePort) {
    super(PROFILE_DIALOG);
    this.addDialog(new ChoiceDialog());
    this.addDialog(new WaterfallDialog('profFlow', [this.step.bind(this), this.pinStep.bind(this), this.nextMessageStep.bind(this)]));
    this.initialDialogId = 'profFlow';
  }

  private async step(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const turn = info(step.context);
    const c = (step.options as { command: ProfileCommand }).command;
    const actor = actorOf(turn);
    const orgs = await this.port.coordinated(actor);
    const org = c.org === undefined ? orgs[0] : orgs.find((o) => o.id === c.org);
    if (!turn.can.verifiedSender || !org) {
      await say(step.context, 'prof.not_allowed');
      return step.endDialog();
    }
    const now = turn.services.clock.now();
    if (c.kind === 'pin') {
      if (!turn.can.locationPin) {
        await say(step.context, 'prof.usage');
        return step.endDialog();
      }
      (step.values as ProfileValues).org = org.id;
      await say(step.context, {
        kind: 'location_request',
        text: tr(step.context, 'prof.ask_pin'),
        button: tr(step.context, 'prof.pin_button'),
      });
      return Dialog.EndOfTurn;
    }
    if (c.kind === 'show' || c.kind === 'usage') {
      const entry = await this.port.show(org.id);
      const lines = Object.entries(entry).map(
        ([f, v]) => `${fieldLabel(f as ProfileField, turn.locale)}: ${v || tr(step.context, 'prof.empty')}`,
      );
      await say(step.context, {
        kind: 'text',
        text: [tr(step.context, 'prof.show', { org: org.name }), ...lines, tr(step.context, 'prof.usage')].join('\n'),
      });
      return step.endDialog();
    }
    if (c.kind === 'confirm') {
      if (!c.reply) {
        await say(step.context, (await this.port.confirm(actor, org.id, now)) ? 'prof.confirmed' : 'prof.not_allowed');
        return step.endDialog();
      }
      // The reply to the reminder confirms the organisations that were reminded (all of them, typed; the button's
      // one), else the coordinator's organisation.
      const waiting = c.org === undefined ? await this.port.reminded(actor) : [];
      const targets = waiting.length ? orgs.filter((o) => waiting.includes(o.id)) : [org];
      const done: string[] = [];
      for (const o of targets) if (await this.port.confirm(actor, o.id, now)) done.push(o.name);
      if (done.length) await say(step.context, 'prof.confirmed_org', { org: done.join(', ') });
      else await say(step.context, 'prof.not_allowed');
      return step.endDialog();
    }
    if (c.field === 'location' && !COORDINATES.test(c.value)) return this.address(step, org, c.value);
    return this.answer(step, await this.port.update(actor, org.id, c.field, c.value, now));
  }

  /**
   * `PROFIL lokalizacja Zwycięstwa 117`: the address is looked up as residents' places are, and shown back on the
   * map; the point is saved only after TAK (a lookup is a guess; a pin or coordinates are saved at once).
   */
  private async address(step: WaterfallStepContext, org: { id: number; name: string }, text: string): Promise<DialogTurnResult> {
    const r = await this.port.locate(text);
    if (r.kind !== 'found') {
      await say(step.context, r.kind === 'vague' ? 'prof.address_vague' : 'prof.address_unknown', {
        text: [...text].slice(0, 80).join(''),
        label: r.kind === 'vague' ? r.label : '',
      });
      return step.endDialog();
    }
    (step.values as ProfileValues).address = { org: org.id, lat: r.lat, lng: r.lng };
    return step.beginDialog(ChoiceDialog.id, {
      prompt: tr(step.context, 'prof.address_found', { label: r.label, map: r.map, org: org.name }),
      choices: [
        { value: 'yes', label: tr(step.context, 'yes') },
        { value: 'no', label: tr(step.context, 'no') },
      ],
      yesNo: true,
      passThroughText: true,
      maxAttempts: 1,
    } satisfies ChoiceOptions);
  }

  /** The pin for `PROFIL lokalizacja`, or TAK for a looked-up address; anything else leaves the entry as it was. */
  private async pinStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const turn = info(step.context);
    const found = (step.values as ProfileValues).address;
    if (found) {
      const r = (step.result ?? {}) as ChoiceResult;
      if (r.value !== 'yes') {
        await say(step.context, 'prof.address_dropped');
        // Another request instead of TAK/NIE goes back to the menu.
        return step.endDialog(r.text !== undefined ? { reroute: true } : undefined);
      }
      return this.answer(
        step,
        await this.port.update(actorOf(turn), found.org, 'location', `${found.lat}, ${found.lng}`, turn.services.clock.now()),
      );
    }
    const at = turn.activity.location;
    const org = (step.values as ProfileValues).org;
    if (!at || org === undefined) {
      await say(step.context, 'coord.dropped');
      return step.endDialog();
    }
    await this.answer(
      step,
      await this.port.update(actorOf(turn), org, 'location', `${at.lat}, ${at.lng}`, turn.services.clock.now()),
      false,
    );
    // The menu would read the pin again as "nearest to here" if this dialog ended on this turn; it ends on the next
    // message instead, handing that message back to the menu.
    return Dialog.EndOfTurn;
  }

  private async nextMessageStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.endDialog({ reroute: true });
  }

  private async answer(step: WaterfallStepContext, r: Awaited<ReturnType<ProfilePort['update']>>, end = true): Promise<DialogTurnResult> {
    if (r.ok) {
      const text = tr(step.context, r.status === 'APPLIED' ? 'prof.saved' : 'prof.pending', {
        fields: r.fields.join(', '),
        approval: r.approvalId ?? '',
      });
      // A new location is shown back on the map, to check it is the right place.
      const map = r.map ? `\n${tr(step.context, r.status === 'APPLIED' ? 'prof.on_map' : 'prof.proposed_on_map', { map: r.map })}` : '';
      await say(step.context, { kind: 'text', text: `${text}${map}` });
    } else if (r.why === 'invalid') await say(step.context, 'prof.invalid', { problem: r.problem ?? '' });
    else await say(step.context, r.why === 'unchanged' ? 'prof.unchanged' : 'prof.not_allowed');
    return end ? step.endDialog() : Dialog.EndOfTurn;
  }
}

export function profileFeature(port: ProfilePort): Feature {
  return {
    id: PROFILE_DIALOG,
    priority: 10,
    dialogs: [new ProfileDialog(port)],
    recognize(activity) {
      const command = recognizeProfileCommand(activity.text, activity.choice);
      return command ? { command } : undefined;
    },
  };
}
