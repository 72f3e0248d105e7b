/** Choose the language: Polski / English / Українська, each label in its own language. */
import { ComponentDialog, WaterfallDialog, type WaterfallStepContext, type DialogTurnResult } from './sdk.js';
import { ChoiceDialog, type ChoiceResult } from './choice-dialog.js';
import { catalogues, isLocale, LOCALES } from './i18n/index.js';
import { info, say } from './turn.js';

export const LANGUAGE_CHOICES = LOCALES.map((l) => ({ value: l, label: catalogues[l]['language.name'] }));

export class LanguageDialog extends ComponentDialog {
  static readonly id = 'language';

  constructor() {
    super(LanguageDialog.id);
    this.addDialog(new ChoiceDialog());
    this.addDialog(
      new WaterfallDialog('languageFlow', [
        async (step: WaterfallStepContext) =>
          step.beginDialog(ChoiceDialog.id, { prompt: catalogues.pl['language.prompt'], choices: LANGUAGE_CHOICES }),
        async (step: WaterfallStepContext): Promise<DialogTurnResult> => {
          const value = (step.result as ChoiceResult | undefined)?.value;
          if (isLocale(value)) {
            await setLocale(step, value);
            await say(step.context, 'language.set');
          }
          return step.endDialog();
        },
      ]),
    );
    this.initialDialogId = 'languageFlow';
  }
}

async function setLocale(step: WaterfallStepContext, locale: (typeof LOCALES)[number]) {
  const turn = info(step.context);
  await turn.services.contacts.setLocale(turn.contact.id, locale, true);
  turn.locale = locale;
  turn.chosenLocale = locale;
}
