/**
 * The peer for bench/turns.ts: the smallest SMS bot a Bot Framework developer would write for the same turn —
 * botbuilder-dialogs from its package index, ConversationState on MemoryStorage, one WaterfallDialog (ask where,
 * answer), a minimal adapter that collects the replies, behind Express, answering with TwiML. No signature check,
 * no de-duplication, no quota, no database: what the product's durable turn is compared with.
 */
import express from 'express';
import {
  ActivityTypes,
  BotAdapter,
  ConversationState,
  MemoryStorage,
  TurnContext,
  type Activity,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder-core';
import { DialogSet, DialogTurnStatus, TextPrompt, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';

class CollectingAdapter extends BotAdapter {
  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const out = context.turnState.get('replies') as string[];
    for (const a of activities) if (a.type === ActivityTypes.Message && a.text) out.push(a.text);
    return activities.map(() => ({ id: '' }));
  }
  async updateActivity(): Promise<void> {
    throw new Error('not supported');
  }
  async deleteActivity(): Promise<void> {
    throw new Error('not supported');
  }
  async continueConversation(_ref: Partial<ConversationReference>, _logic: (c: TurnContext) => Promise<void>): Promise<void> {
    throw new Error('not supported');
  }
  run(context: TurnContext, logic: (c: TurnContext) => Promise<void>) {
    return this.runMiddleware(context, logic);
  }
}

const adapter = new CollectingAdapter();
const conversationState = new ConversationState(new MemoryStorage());
const dialogState = conversationState.createProperty('dialogState');
const dialogs = new DialogSet(dialogState);
dialogs.add(new TextPrompt('where'));
dialogs.add(
  new WaterfallDialog('nearest', [
    async (step: WaterfallStepContext) => step.prompt('where', 'Gdzie jesteś? Napisz adres lub dzielnicę.'),
    async (step: WaterfallStepContext) => {
      await step.context.sendActivity(`Najbliższe organizacje koło: ${String(step.result)}`);
      return step.endDialog();
    },
  ]),
);

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const app = express();
app.post('/sms', express.urlencoded({ extended: false, limit: '64kb' }), async (req, res) => {
  const body = req.body as { From?: string; Body?: string; MessageSid?: string };
  const replies: string[] = [];
  const context = new TurnContext(adapter, {
    type: ActivityTypes.Message,
    id: body.MessageSid,
    channelId: 'sms',
    from: { id: body.From ?? '', name: '' },
    recipient: { id: 'bot', name: 'bot' },
    conversation: { id: body.From ?? '', isGroup: false, conversationType: 'personal', name: '' },
    text: body.Body ?? '',
    serviceUrl: '',
  });
  context.turnState.set('replies', replies);
  await adapter.run(context, async (turn) => {
    const dc = await dialogs.createContext(turn);
    const r = await dc.continueDialog();
    if (r.status === DialogTurnStatus.empty) await dc.beginDialog('nearest');
    await conversationState.saveChanges(turn);
  });
  res
    .type('text/xml')
    .send(
      `<?xml version="1.0" encoding="UTF-8"?><Response>${replies.length ? `<Message>${escapeXml(replies.join('\n'))}</Message>` : ''}</Response>`,
    );
});
const server = app.listen(0, '127.0.0.1', () => {
  const a = server.address();
  process.stdout.write(`${JSON.stringify({ msg: 'listening on peer', port: typeof a === 'object' && a ? a.port : 0 })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
