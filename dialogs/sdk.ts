/**
 * The one door to the Bot Framework SDK (botbuilder-dialogs, botbuilder-core): every dialog imports these names
 * from here, so moving to the SDK's successor is a change to this file and engine.ts.
 *
 * Deep imports on purpose: the package index also loads the prompts' text recognizers (number, date-time, choice
 * in many languages), about 45 MB of memory that this product never uses (it has its own choice and date
 * parsing). test/sdk-footprint.test.ts checks they stay unloaded.
 */
export { ComponentDialog } from 'botbuilder-dialogs/lib/componentDialog.js';
export { WaterfallDialog } from 'botbuilder-dialogs/lib/waterfallDialog.js';
export { Dialog, DialogTurnStatus } from 'botbuilder-dialogs/lib/dialog.js';
export { DialogSet } from 'botbuilder-dialogs/lib/dialogSet.js';
export type { DialogTurnResult, DialogState, DialogContext, WaterfallStepContext } from 'botbuilder-dialogs';
