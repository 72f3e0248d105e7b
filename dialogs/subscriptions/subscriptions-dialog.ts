/**
 * Subscriptions: SUBSKRYBUJ SENIORZY / FOLLOW SPORT / ПІДПИСАТИСЯ СПОРТ, OBSERWUJ 12 / FOLLOW ORG 12 (an
 * organisation), STOP SENIORZY / UNFOLLOW SPORT (one topic; a bare STOP stays global), MOJE SUBSKRYPCJE /
 * MY SUBSCRIPTIONS. The words used are kept as the consent record.
 */
import { ComponentDialog, WaterfallDialog, type WaterfallStepContext, type DialogTurnResult } from '../sdk.js';
import type { Feature } from '../feature.js';
import { info, say } from '../turn.js';
import { t } from '../i18n/index.js';
import { normalizeText } from '../text.js';
import { categoryName, findCategory } from '../nearest/category-match.js';
import type { CategoryCatalog } from '../nearest/ports.js';
import type { SubscriptionPort, SubscriptionTarget } from './ports.js';

export const SUBSCRIPTIONS_DIALOG = 'subscriptions';

export type SubscriptionCommand = { kind: 'follow' | 'unfollow'; rest: string } | { kind: 'list' };

const FOLLOW = ['subskrybuj', 'obserwuj', 'zapisz temat', 'follow', 'subscribe', 'підписатися', 'підписка', 'стежити'].map(normalizeText);
const UNFOLLOW = ['stop', 'unfollow', 'unsubscribe', 'przestan obserwowac', 'wypisz temat', 'стоп', 'відписатися'].map(normalizeText);
/** The global STOP keyword, which also starts a one-topic unfollow ("STOP SPORT"). */
const STOP_WORDS = ['stop', 'стоп'].map(normalizeText);
const LIST = ['moje subskrypcje', 'subskrypcje', 'my subscriptions', 'subscriptions', 'мої підписки', 'підписки', '/subscriptions'].map(
  normalizeText,
);

export function recognizeSubscriptionCommand(text: string | undefined): SubscriptionCommand | undefined {
  if (!text) return undefined;
  const t = normalizeText(text).replace(/[.!?]+$/, '');
  if (LIST.includes(t)) return { kind: 'list' };
  for (const [kind, words] of [
    ['follow', FOLLOW],
    ['unfollow', UNFOLLOW],
  ] as const) {
    for (const w of words) if (t.startsWith(`${w} `) && t.length > w.length + 1) return { kind, rest: t.slice(w.length + 1).trim() };
  }
  return undefined;
}

export interface SubscriptionPorts {
  subscriptions: SubscriptionPort;
  categories: CategoryCatalog;
}

export class SubscriptionsDialog extends ComponentDialog {
  constructor(private readonly ports: SubscriptionPorts) {
    super(SUBSCRIPTIONS_DIALOG);
    this.addDialog(new WaterfallDialog('subsFlow', [this.run.bind(this)]));
    this.initialDialogId = 'subsFlow';
  }

  private async topics(locale: 'pl' | 'en' | 'uk') {
    return (await this.ports.categories.list())
      .filter((c) => c.slug !== 'inne')
      .map((c) => categoryName(c, locale).split(' ')[0]!.toUpperCase())
      .join(', ');
  }

  private async run(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const turn = info(step.context);
    const c = ((step.options as { command?: SubscriptionCommand } | undefined)?.command ?? { kind: 'list' }) as SubscriptionCommand;
    const locale = turn.locale;
    const note = turn.contact.status === 'STOPPED' ? ` ${t(locale, 'subs.stopped_note')}` : '';
    if (c.kind === 'list') {
      const subs = await this.ports.subscriptions.list(turn.contact.id);
      if (!subs.length) await say(step.context, 'subs.list_none', { topics: await this.topics(locale) });
      else
        await say(step.context, {
          kind: 'text',
          text: `${t(locale, 'subs.list', { names: subs.map((s) => (locale === 'en' ? s.nameEn : locale === 'uk' ? s.nameUk : s.namePl)).join(', ') })}${note}`,
        });
      return step.endDialog();
    }
    let target: SubscriptionTarget | undefined;
    let name = '';
    let word = '';
    const org = /^(?:org|organizacja|organizacje|організацію|організація)?\s*(\d{1,9})$/.exec(c.rest);
    if (org) {
      const o = await this.ports.subscriptions.organization(Number(org[1]));
      if (!o) {
        await say(step.context, 'subs.unknown_org', { id: org[1]! });
        return step.endDialog();
      }
      target = { kind: 'organization', id: o.id };
      name = o.name;
    } else {
      const hit = findCategory(c.rest, await this.ports.categories.list());
      if (!hit) {
        await say(step.context, 'subs.unknown_topic', { text: [...c.rest].slice(0, 30).join(''), topics: await this.topics(locale) });
        return step.endDialog();
      }
      target = { kind: 'category', id: hit.category.id };
      name = categoryName(hit.category, locale);
      // A topic understood from a sentence is named by its slug: the reply gives a word that STOP understands.
      const fromSlug = hit.category.slug === c.rest;
      word = (
        fromSlug ? (c.rest === 'niepelnosprawnosc' ? c.rest : categoryName(hit.category, locale).split(' ')[0]!) : c.rest
      ).toUpperCase();
    }
    if (c.kind === 'follow') {
      const r = await this.ports.subscriptions.follow(turn.contact.id, target, turn.activity.channel, turn.activity.text ?? '');
      if (r === 'exists') await say(step.context, 'subs.already', { name });
      else if (target.kind === 'organization') await say(step.context, 'subs.followed_org', { name, id: target.id });
      else await say(step.context, { kind: 'text', text: `${t(locale, 'subs.followed_topic', { name, word })}${note}` });
    } else {
      await say(step.context, (await this.ports.subscriptions.unfollow(turn.contact.id, target)) ? 'subs.left' : 'subs.not_following', {
        name,
      });
    }
    return step.endDialog();
  }
}

export function subscriptionsFeature(ports: SubscriptionPorts): Feature {
  return {
    id: SUBSCRIPTIONS_DIALOG,
    menuLabel: 'menu.subscriptions',
    priority: 10,
    dialogs: [new SubscriptionsDialog(ports)],
    fromUnderstanding(u) {
      if (u.intent !== 'subscribe' && u.intent !== 'unsubscribe') return undefined;
      // A topic named in ordinary words: follow or unfollow it; none named: the list of topics and how to follow one.
      if (!u.category) return { command: { kind: 'list' } satisfies SubscriptionCommand };
      return { command: { kind: u.intent === 'subscribe' ? 'follow' : 'unfollow', rest: u.category } satisfies SubscriptionCommand };
    },
    async recognize(activity) {
      const command = recognizeSubscriptionCommand(activity.text);
      if (!command) return undefined;
      // "STOP SENIORZY" leaves one topic; "stop sending me messages" names no topic or organisation: that is the
      // global STOP said in ordinary words, not a topic this feature could leave.
      if (command.kind === 'unfollow' && STOP_WORDS.some((w) => normalizeText(activity.text ?? '').startsWith(`${w} `))) {
        const namesTarget =
          /^(?:org|organizacja|organizacje|організацію|організація)?\s*\d{1,9}$/.test(command.rest) ||
          findCategory(command.rest, await ports.categories.list()) !== undefined;
        if (!namesTarget) return undefined;
      }
      return { command };
    },
  };
}
