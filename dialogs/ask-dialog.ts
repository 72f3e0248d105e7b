/** Says something and returns whatever the person sends next (text or a location). */
import { Dialog, type DialogContext, type DialogTurnResult } from './sdk.js';
import type { GeoPoint, Reply } from './activity.js';
import { info, say } from './turn.js';

export interface AskOptions {
  replies: Reply[];
}

export interface AskResult {
  text?: string;
  location?: GeoPoint & { title?: string; address?: string };
}

export class AskDialog extends Dialog<AskOptions> {
  static readonly id = 'ask';
  constructor() {
    super(AskDialog.id);
  }
  override async beginDialog(dc: DialogContext, options?: AskOptions): Promise<DialogTurnResult> {
    dc.activeDialog!.state = { replies: options?.replies ?? [] };
    for (const r of options?.replies ?? []) await say(dc.context, r);
    return Dialog.EndOfTurn;
  }
  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const a = info(dc.context).activity;
    return dc.endDialog({ text: a.text, location: a.location } satisfies AskResult);
  }
  override async repromptDialog(context: DialogContext['context'], instance: { state: AskOptions }): Promise<void> {
    for (const r of instance.state.replies) await say(context, r);
  }
}
