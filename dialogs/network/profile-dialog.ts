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
import type { ProfileField, ProfilePort } from './ports.js';

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

export type ProfileCommand =
  | { org?: number; kind: 'pin' }
  | { org?: number; kind: 'show' }
  | { org?: number; kind: 'confirm' }
  | { org?: number; kind: 'set'; field: ProfileField; value: string }
  | { org?: number; kind: 'usage' };

export function recognizeProfileCommand(text: string | undefined): ProfileCommand | undefined {
  if (!text) return undefined;
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

export class ProfileDialog extends ComponentDialog {
  constructor(private readonly port: ProfilePort) {
    super(PROFILE_DIALOG);
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
      (step.values as { org?: number }).org = org.id;
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
        ([f, v]) =>
          `${FIELD_WORDS[f as ProfileField][turn.locale === 'en' ? 1 : turn.locale === 'uk' ? 2 : 0]?.toUpperCase() ?? f}: ${v || tr(step.context, 'prof.empty')}`,
      );
      await say(step.context, {
        kind: 'text',
        text: [tr(step.context, 'prof.show', { org: org.name }), ...lines, tr(step.context, 'prof.usage')].join('\n'),
      });
      return step.endDialog();
    }
    if (c.kind === 'confirm') {
      await say(step.context, (await this.port.confirm(actor, org.id, now)) ? 'prof.confirmed' : 'prof.not_allowed');
      return step.endDialog();
    }
    return this.answer(step, await this.port.update(actor, org.id, c.field, c.value, now));
  }

  /** The pin for `PROFIL lokalizacja`; anything else leaves the entry as it was. */
  private async pinStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const turn = info(step.context);
    const at = turn.activity.location;
    const org = (step.values as { org?: number }).org;
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
    if (r.ok)
      await say(step.context, r.status === 'APPLIED' ? 'prof.saved' : 'prof.pending', {
        fields: r.fields.join(', '),
        approval: r.approvalId ?? '',
      });
    else if (r.why === 'invalid') await say(step.context, 'prof.invalid', { problem: r.problem ?? '' });
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
      const command = recognizeProfileCommand(activity.text);
      return command ? { command } : undefined;
    },
  };
}
