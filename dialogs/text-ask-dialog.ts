/** Waits for one text (the caller already said what to write); an empty message ends it with nothing. */
import { Dialog, type DialogContext, type DialogTurnResult } from './sdk.js';
import { info, say } from './turn.js';

export class TextAskDialog extends Dialog {
  override async beginDialog(): Promise<DialogTurnResult> {
    return Dialog.EndOfTurn;
  }
  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const text = info(dc.context).activity.text?.trim();
    if (!text) {
      await say(dc.context, 'q.empty_text');
      return dc.endDialog();
    }
    return dc.endDialog([...text].slice(0, 1000).join(''));
  }
}
