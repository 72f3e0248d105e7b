/**
 * Asks for one value and validates it; a wrong answer gets the reason and the question again, three wrong
 * answers end the conversation politely. One instance per field, with its validator.
 */
import { Dialog, type DialogContext, type DialogTurnResult } from './sdk.js';
import type { MessageKey } from './i18n/index.js';
import { info, say, tr, type TurnInfo } from './turn.js';

export type Validation<T> = { ok: true; value: T } | { ok: false; error: MessageKey; params?: Record<string, string | number> };

export interface ValidatedAskOptions {
  /** Extra values the validator may need (an event's confirmed count). */
  context?: Record<string, number | string>;
}

export class ValidatedAskDialog<T> extends Dialog<ValidatedAskOptions> {
  constructor(
    id: string,
    private readonly prompt: MessageKey,
    private readonly validate: (
      text: string,
      turn: TurnInfo,
      context: Record<string, number | string>,
    ) => Validation<T> | Promise<Validation<T>>,
  ) {
    super(id);
  }

  override async beginDialog(dc: DialogContext, options?: ValidatedAskOptions): Promise<DialogTurnResult> {
    dc.activeDialog!.state = { attempts: 0, context: options?.context ?? {} };
    await say(dc.context, this.prompt);
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = dc.activeDialog!.state as { attempts: number; context: Record<string, number | string> };
    const turn = info(dc.context);
    const r = await this.validate(turn.activity.text?.trim() ?? '', turn, state.context);
    if (r.ok) return dc.endDialog(r.value);
    state.attempts++;
    if (state.attempts >= 3) {
      await say(dc.context, 'coord.too_many_tries');
      return dc.cancelAllDialogs();
    }
    await say(dc.context, { kind: 'text', text: `${tr(dc.context, r.error, r.params)} ${tr(dc.context, this.prompt)}` });
    return Dialog.EndOfTurn;
  }

  override async repromptDialog(context: DialogContext['context']): Promise<void> {
    await say(context, this.prompt);
  }
}
