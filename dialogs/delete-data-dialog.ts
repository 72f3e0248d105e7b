/** "Delete my data": asks for confirmation, then erases the contact and this conversation's state. */
import { ComponentDialog, WaterfallDialog, type WaterfallStepContext, type DialogTurnResult } from './sdk.js';
import { ChoiceDialog, confirmOptions, type ChoiceResult } from './choice-dialog.js';
import { info, say, tr } from './turn.js';

export class DeleteDataDialog extends ComponentDialog {
  static readonly id = 'deleteData';

  constructor() {
    super(DeleteDataDialog.id);
    this.addDialog(new ChoiceDialog());
    this.addDialog(
      new WaterfallDialog('deleteFlow', [
        async (step: WaterfallStepContext) => {
          const turn = info(step.context);
          // A forged SMS must not erase an administrator, a coordinator or a Telegram user: they use Telegram.
          if (!turn.can.verifiedSender && !(await turn.services.contacts.erasableFromUnverified(turn.contact.id))) {
            await say(step.context, 'delete.needs_telegram');
            return step.endDialog();
          }
          return step.beginDialog(ChoiceDialog.id, confirmOptions(step.context, tr(step.context, 'delete.confirm')));
        },
        async (step: WaterfallStepContext): Promise<DialogTurnResult> => {
          const r = step.result as ChoiceResult | undefined;
          if (r?.value !== 'yes') {
            await say(step.context, 'delete.kept');
            return step.endDialog();
          }
          const turn = info(step.context);
          await turn.services.contacts.erase(turn.contact.id, { verifiedChannel: turn.can.verifiedSender });
          turn.erased = true;
          await say(step.context, 'delete.done');
          return step.endDialog();
        },
      ]),
    );
    this.initialDialogId = 'deleteFlow';
  }
}
