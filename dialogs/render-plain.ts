/** Renders neutral replies as plain text with numbered choices: the SMS shape, and the shape of transcripts. */
import type { Reply } from './activity.js';

export function renderPlain(reply: Reply): string {
  switch (reply.kind) {
    case 'text':
    case 'location_request':
      return reply.text;
    case 'choices':
      return [reply.text, ...reply.choices.map((c, i) => `${i + 1}. ${c.label}`)].join('\n');
    case 'link':
      return `${reply.text} ${reply.url}`;
    case 'venue':
      return `${reply.title}, ${reply.address}`;
  }
}
