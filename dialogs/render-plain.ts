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
    case 'document':
      return reply.caption;
    case 'venue':
      return `${reply.title}, ${reply.address}`;
    case 'places':
      return [
        reply.text,
        ...reply.items.map(
          (it, i) =>
            `${reply.numbered === false ? '' : `${i + 1}. `}${it.title}${it.distance ? ` (${it.distance})` : ''}${it.details.length ? `, ${it.details.join(', ')}` : ''}`,
        ),
        reply.footer,
        reply.link ? `${reply.link.label}: ${reply.link.url}` : undefined,
      ]
        .filter(Boolean)
        .join('\n');
  }
}
