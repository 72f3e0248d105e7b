/** Where a conversation's dialog state is stored: one key per channel and conversation (a phone, a Telegram chat). */
import type { InboundActivity } from './activity.js';

export const CONVERSATION_KEY_MARK = '/conversations/';

export function conversationStateKey(a: Pick<InboundActivity, 'channel' | 'conversationId'>): string {
  return `${a.channel}${CONVERSATION_KEY_MARK}${a.conversationId}`;
}
