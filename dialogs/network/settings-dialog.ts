/**
 * SIEĆ / NETWORK / МЕРЕЖА: a member or coordinator chooses which network bulletins they receive: all, only some
 * categories, or none. One turn; the choice is kept as consent (their words, channel, time) by the port.
 */
import { ComponentDialog, WaterfallDialog, type WaterfallStepContext, type DialogTurnResult } from '../sdk.js';
import type { Feature } from '../feature.js';
import { info, say, tr } from '../turn.js';
import { normalizeText } from '../text.js';
import type { NetworkMode, NetworkSettingsPort } from './ports.js';

export const NETWORK_SETTINGS_DIALOG = 'networkSettings';

export type NetworkSettingsCommand =
  | { kind: 'show' }
  | { kind: 'set'; mode: Exclude<NetworkMode, 'CATEGORIES'> }
  | { kind: 'categories'; words: string[] };

const HEAD = ['siec', 'network', 'мережа'].map(normalizeText);
const ALL = ['wszystko', 'wszystkie', 'all', 'всі', 'усі', 'все'].map(normalizeText);
const OFF = ['wylacz', 'wylaczone', 'off', 'nie', 'вимкнути', 'вимкнено', 'ні'].map(normalizeText);
const CATEGORIES = ['kategorie', 'kategoria', 'categories', 'category', 'категорії', 'категорія'].map(normalizeText);

export function recognizeNetworkSettings(text: string | undefined): NetworkSettingsCommand | undefined {
  if (!text || text.includes('|')) return undefined;
  const t = normalizeText(text).replace(/[.!]+$/, '');
  const [head, sub, ...rest] = t.split(' ');
  if (!head || !HEAD.includes(head)) return undefined;
  if (!sub) return { kind: 'show' };
  if (ALL.includes(sub) && !rest.length) return { kind: 'set', mode: 'ALL' };
  if (OFF.includes(sub) && !rest.length) return { kind: 'set', mode: 'OFF' };
  if (CATEGORIES.includes(sub) && rest.length) {
    // The words as typed (not normalised), split on commas.
    const raw = text.trim().split(/\s+/).slice(2).join(' ');
    return {
      kind: 'categories',
      words: raw
        .split(/[,;]/)
        .map((w) => w.trim())
        .filter(Boolean),
    };
  }
  return { kind: 'show' };
}

export class NetworkSettingsDialog extends ComponentDialog {
  constructor(private readonly port: NetworkSettingsPort) {
    super(NETWORK_SETTINGS_DIALOG);
    this.addDialog(new WaterfallDialog('netFlow', [this.step.bind(this)]));
    this.initialDialogId = 'netFlow';
  }

  private async describe(step: WaterfallStepContext, contactId: number): Promise<string> {
    const c = await this.port.current(contactId);
    return c.mode === 'ALL'
      ? tr(step.context, 'net.mode_all')
      : c.mode === 'OFF'
        ? tr(step.context, 'net.mode_off')
        : tr(step.context, 'net.mode_categories', { list: c.categories.join(', ') });
  }

  private async step(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const turn = info(step.context);
    const c = (step.options as { command: NetworkSettingsCommand }).command;
    if (!(await this.port.isMember(turn.contact.id))) {
      await say(step.context, 'net.settings_not_member');
      return step.endDialog();
    }
    const channel = turn.activity.channel === 'telegram' ? 'TELEGRAM' : 'SMS';
    const words = turn.activity.text ?? '';
    if (c.kind === 'show') {
      await say(step.context, 'net.settings', { current: await this.describe(step, turn.contact.id) });
      return step.endDialog();
    }
    if (c.kind === 'set') await this.port.set(turn.contact.id, { mode: c.mode, categoryIds: [] }, channel, words);
    else {
      const r = await this.port.categoryIds(c.words);
      if (r.unknown.length || !r.ids.length) {
        await say(step.context, {
          kind: 'text',
          text: `${tr(step.context, 'net.bad_categories', { list: r.unknown.join(', ') })} ${tr(step.context, 'net.settings', { current: await this.describe(step, turn.contact.id) })}`,
        });
        return step.endDialog();
      }
      await this.port.set(turn.contact.id, { mode: 'CATEGORIES', categoryIds: r.ids }, channel, words);
    }
    await say(step.context, 'net.settings_saved', { current: await this.describe(step, turn.contact.id) });
    return step.endDialog();
  }
}

export function networkSettingsFeature(port: NetworkSettingsPort): Feature {
  return {
    id: NETWORK_SETTINGS_DIALOG,
    priority: 10,
    dialogs: [new NetworkSettingsDialog(port)],
    recognize(activity) {
      const command = recognizeNetworkSettings(activity.text);
      return command ? { command } : undefined;
    },
  };
}
