/**
 * The root conversation: routes a first message or a deep link to the feature that understands it, otherwise
 * shows the menu. After a feature finishes, the conversation ends (no menu loop: every line costs on SMS).
 *
 * Routing order: exact keywords of features (ZAPISZ 12, FOLLOW SPORT, coordinator commands), then what the
 * understanding step read from the message (a request in ordinary words: nearest, events, sign-up, subscriptions,
 * help, thanks), then the remaining recognisers (pins, INFO 12, ZAPAMIĘTAJ OSIEDLE). Only a greeting alone, or a
 * message nobody understood, gets the menu.
 */
import { ComponentDialog, WaterfallDialog, type WaterfallStepContext, type DialogTurnResult } from './sdk.js';
import { ChoiceDialog, type ChoiceOptions, type ChoiceResult } from './choice-dialog.js';
import type { Feature } from './feature.js';
import { LanguageDialog } from './language-dialog.js';
import { info, say, tr } from './turn.js';

export interface MainOptions {
  /** Show the menu straight away (the MENU command). */
  showMenu?: boolean;
  /** Set when the menu passed an unrecognised text back: do not show the menu again. */
  fromMenu?: boolean;
  startPayload?: string;
}

export class MainDialog extends ComponentDialog {
  static readonly id = 'main';

  private readonly byPriority: Feature[];

  constructor(private readonly features: Feature[]) {
    super(MainDialog.id);
    this.byPriority = [...features].sort((a, b) => (b.priority ?? 0) - (a.priority ?? 0));
    this.addDialog(new ChoiceDialog());
    this.addDialog(new LanguageDialog());
    for (const f of features) for (const d of f.dialogs) this.addDialog(d);
    this.addDialog(
      new WaterfallDialog('mainFlow', [this.routeStep.bind(this), this.menuChosenStep.bind(this), this.afterFeatureStep.bind(this)]),
    );
    this.initialDialogId = 'mainFlow';
  }

  private async routeStep(step: WaterfallStepContext<MainOptions>): Promise<DialogTurnResult> {
    const opts = (step.options ?? {}) as MainOptions;
    const turn = info(step.context);
    if (opts.startPayload) {
      for (const f of this.features) {
        const o = f.fromStartPayload?.(opts.startPayload);
        if (o) return step.beginDialog(f.id, o);
      }
    }
    if (!opts.showMenu) {
      for (const f of this.byPriority.filter((x) => (x.priority ?? 0) > 0)) {
        const o = await f.recognize?.(turn.activity, turn.locale);
        if (o) return step.beginDialog(f.id, o);
      }
      const u = turn.understood;
      if (u?.intent === 'help') {
        await say(step.context, 'help.text');
        return step.endDialog();
      }
      if (u?.intent === 'thanks') {
        await say(step.context, 'understood.thanks');
        return step.endDialog();
      }
      if (u && u.intent !== 'greeting') {
        for (const f of this.byPriority) {
          const o = f.fromUnderstanding?.(u);
          if (o) return step.beginDialog(f.id, o);
        }
      }
      for (const f of this.byPriority.filter((x) => (x.priority ?? 0) <= 0)) {
        const o = await f.recognize?.(turn.activity, turn.locale);
        if (o) return step.beginDialog(f.id, o);
      }
      if (opts.fromMenu) {
        await say(step.context, { kind: 'text', text: `${tr(step.context, 'not_understood')} ${tr(step.context, 'help.text')}` });
        return step.endDialog();
      }
    }
    const intro = turn.contact.isNew
      ? tr(step.context, 'welcome')
      : opts.showMenu || opts.startPayload
        ? ''
        : tr(step.context, 'not_understood');
    const choices = [
      ...this.features.filter((f) => f.menuLabel).map((f) => ({ value: f.id, label: tr(step.context, f.menuLabel!) })),
      { value: 'language', label: tr(step.context, 'menu.language') },
      { value: 'help', label: tr(step.context, 'menu.help') },
    ];
    const prompt = [intro, tr(step.context, 'menu.prompt')].filter(Boolean).join(' ');
    return step.beginDialog(ChoiceDialog.id, {
      prompt,
      reprompt: tr(step.context, 'menu.prompt'),
      choices,
      passThroughText: true,
    } satisfies ChoiceOptions);
  }

  private async menuChosenStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (isReroute(step.result)) return step.replaceDialog(this.initialDialogId, { fromMenu: true } satisfies MainOptions);
    const r = (step.result ?? {}) as ChoiceResult;
    if (r.value === 'help') {
      await say(step.context, 'help.text');
      return step.endDialog();
    }
    if (r.value === 'language') return step.beginDialog(LanguageDialog.id);
    if (r.value && this.features.some((f) => f.id === r.value)) return step.beginDialog(r.value, {});
    if (r.text !== undefined || info(step.context).activity.location)
      return step.replaceDialog(this.initialDialogId, { fromMenu: true } satisfies MainOptions);
    return step.endDialog();
  }

  private async afterFeatureStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    // A feature that got a message it does not handle (a new address after a list) hands it back here.
    if (isReroute(step.result)) return step.replaceDialog(this.initialDialogId, { fromMenu: true } satisfies MainOptions);
    return step.endDialog(step.result);
  }
}

/** A feature that got a message it does not handle (a new address after a list) ends with `{ reroute: true }`. */
function isReroute(result: unknown): boolean {
  return (result as { reroute?: boolean } | undefined)?.reroute === true;
}
