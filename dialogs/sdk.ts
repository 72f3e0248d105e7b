/**
 * The one door to the Bot Framework SDK (botbuilder-dialogs, botbuilder-core): every dialog imports these names
 * from here, so moving to the SDK's successor is a change to this file and engine.ts.
 *
 * Deep imports on purpose: the package index also loads the prompts' text recognizers (number, date-time, choice
 * in many languages), about 45 MB of memory that this product never uses (it has its own choice and date
 * parsing). test/sdk-footprint.test.ts checks they stay unloaded. botbuilder-core's index, which every module of the
 * SDK requires, is replaced by a light stand-in first (./sdk-light.ts): its cloud half is loaded only if used.
 */
import './sdk-light.js';
export { ComponentDialog } from 'botbuilder-dialogs/lib/componentDialog.js';
export { WaterfallDialog } from 'botbuilder-dialogs/lib/waterfallDialog.js';
export { Dialog, DialogTurnStatus } from 'botbuilder-dialogs/lib/dialog.js';
export { DialogSet } from 'botbuilder-dialogs/lib/dialogSet.js';
export { TurnContext } from 'botbuilder-core/lib/turnContext.js';
export { BotAdapter } from 'botbuilder-core/lib/botAdapter.js';
export { ActivityTypes } from 'botframework-schema';
export type { Activity, ConversationReference, ResourceResponse } from 'botframework-schema';
export type { DialogTurnResult, DialogState, DialogContext, WaterfallStepContext } from 'botbuilder-dialogs';
