/**
 * A numbered choice that works on every channel: Telegram shows buttons (their value comes back as
 * `activity.choice`), SMS shows "1. …" lines and the person answers with the number, the label or the value.
 * After `maxAttempts` wrong answers it gives up politely instead of looping (each retry costs an SMS).
 * With `passThroughText`, a text that is not a choice ends the dialog with `{ text }` so the caller can treat it
 * as a new request (a person in the menu who simply writes an address).
 */
import { Dialog, type DialogContext, type DialogTurnResult } from './sdk.js';
import type { Choice, Reply } from './activity.js';
import { info, say, tr } from './turn.js';
import { normalizeText } from './text.js';
import { recognizeYesNo } from './commands.js';

export interface ChoiceOptions {
  prompt: string;
  /** Shorter text for a reprompt (after HELP), e.g. without a welcome line. */
  reprompt?: string;
  choices: Choice[];
  maxAttempts?: number;
  passThroughText?: boolean;
  /** Buttons shown with the list that belong to another feature (an "Ask" button): pressing one ends with `{ choice }`. */
  passThroughChoices?: string[];
  /** Also accept TAK/YES/ТАК as the value "yes" and NIE/NO/НІ as "no". */
  yesNo?: boolean;
  /** Show this reply instead of the plain choice list (a list of places whose items are the choices). */
  render?: Reply;
  /** false: a typed number is not a position in the list (event numbers are typed instead). */
  numbered?: boolean;
}

export interface ChoiceResult {
  value?: string;
  /** The unmatched text, when passThroughText is set. */
  text?: string;
  /** A pressed button of passThroughChoices. */
  choice?: string;
}

interface ChoiceState {
  options: ChoiceOptions;
  attempts: number;
}

export function matchChoice(
  choices: Choice[],
  input: { choice?: string; text?: string },
  yesNo = false,
  numbered = true,
): string | undefined {
  if (input.choice !== undefined) return choices.find((c) => c.value === input.choice)?.value;
  const text = input.text?.trim();
  if (!text) return undefined;
  const num = /^(\d{1,3})[.)]?$/.exec(text);
  if (num) return numbered ? choices[Number(num[1]) - 1]?.value : undefined;
  const norm = normalizeText(text).replace(/[.!]+$/, '');
  const byLabel = choices.find((c) => normalizeText(c.label) === norm || normalizeText(c.value) === norm);
  if (byLabel) return byLabel.value;
  if (yesNo) {
    const yn = recognizeYesNo(text);
    if (yn !== undefined) return yn ? 'yes' : 'no';
  }
  return undefined;
}

export class ChoiceDialog extends Dialog<ChoiceOptions> {
  static readonly id = 'choice';

  constructor() {
    super(ChoiceDialog.id);
  }

  override async beginDialog(dc: DialogContext, options?: ChoiceOptions): Promise<DialogTurnResult> {
    if (!options) throw new Error('ChoiceDialog needs options');
    const state: ChoiceState = { options, attempts: 0 };
    dc.activeDialog!.state = state;
    await say(dc.context, options.render ?? { kind: 'choices', text: options.prompt, choices: options.choices });
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = dc.activeDialog!.state as ChoiceState;
    const a = info(dc.context).activity;
    const value = matchChoice(
      state.options.choices,
      { choice: a.choice, text: a.text },
      state.options.yesNo,
      state.options.numbered !== false,
    );
    if (value !== undefined) return dc.endDialog({ value } satisfies ChoiceResult);
    if (a.choice !== undefined && state.options.passThroughChoices?.includes(a.choice))
      return dc.endDialog({ choice: a.choice } satisfies ChoiceResult);
    if (state.options.passThroughText && (a.text?.trim() || a.location)) return dc.endDialog({ text: a.text } satisfies ChoiceResult);
    state.attempts++;
    if (state.attempts >= (state.options.maxAttempts ?? 2)) {
      await say(dc.context, 'choice.gave_up');
      return dc.cancelAllDialogs();
    }
    await say(dc.context, {
      kind: 'choices',
      text: `${tr(dc.context, 'choice.retry', { max: state.options.choices.length })}`,
      choices: state.options.choices,
    });
    return Dialog.EndOfTurn;
  }

  override async repromptDialog(context: DialogContext['context'], instance: { state: ChoiceState }): Promise<void> {
    const o = instance.state.options;
    await say(context, o.render ?? { kind: 'choices', text: o.reprompt ?? o.prompt, choices: o.choices });
  }
}

/** A TAK/NIE (YES/NO, ТАК/НІ) question; any other text ends it as `{ text }` so the caller can treat it as "no". */
export function confirmOptions(context: DialogContext['context'], prompt: string): ChoiceOptions {
  return {
    prompt,
    choices: [
      { value: 'yes', label: tr(context, 'yes') },
      { value: 'no', label: tr(context, 'no') },
    ],
    yesNo: true,
    passThroughText: true,
  };
}
