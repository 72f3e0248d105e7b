/**
 * Renders neutral replies as Telegram API calls: inline keyboards for choices, a request_location keyboard,
 * URL buttons for links (Telegram refuses non-public URLs in buttons, so those stay in the text), venues.
 * Adjacent texts are merged into one message.
 */
import type { Reply } from '../../../dialogs/activity.js';

export type TelegramCall =
  | { method: 'sendMessage'; text: string; reply_markup?: Record<string, unknown> }
  | { method: 'sendDocument'; filename: string; content: string; caption: string }
  | { method: 'sendVenue'; latitude: number; longitude: number; title: string; address: string };

function publicUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && !['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
  } catch {
    return false;
  }
}

/** Telegram's callback_data is at most 64 bytes. */
function callbackData(value: string): string {
  return Buffer.byteLength(value) <= 64 ? value : Buffer.from(value).subarray(0, 64).toString();
}

export function renderTelegram(replies: Reply[]): TelegramCall[] {
  const calls: TelegramCall[] = [];
  const pushText = (text: string, reply_markup?: Record<string, unknown>) => {
    const last = calls[calls.length - 1];
    if (!reply_markup && last?.method === 'sendMessage' && !last.reply_markup) last.text = `${last.text}\n\n${text}`;
    else calls.push({ method: 'sendMessage', text, reply_markup });
  };
  for (const r of replies) {
    switch (r.kind) {
      case 'text':
        pushText(r.text);
        break;
      case 'choices':
        pushText(r.text, { inline_keyboard: r.choices.map((c) => [{ text: c.label, callback_data: callbackData(c.value) }]) });
        break;
      case 'location_request':
        pushText(r.text, { keyboard: [[{ text: r.button, request_location: true }]], resize_keyboard: true, one_time_keyboard: true });
        break;
      case 'link':
        if (publicUrl(r.url)) pushText(r.text, { inline_keyboard: [[{ text: r.label, url: r.url }]] });
        else pushText(`${r.text}\n${r.url}`);
        break;
      case 'document':
        calls.push({ method: 'sendDocument', filename: r.filename, content: r.content, caption: r.caption });
        break;
      case 'venue':
        calls.push({ method: 'sendVenue', latitude: r.lat, longitude: r.lng, title: r.title, address: r.address });
        break;
      case 'places': {
        const text = [
          r.text,
          ...r.items.map((it, i) =>
            [
              `${r.numbered === false ? '' : `${i + 1}. `}${it.title}${it.distance ? ` — ${it.distance}` : ''}`,
              ...it.details.map((d) => `   ${d}`),
            ].join('\n'),
          ),
        ].join('\n\n');
        const rows: Array<Array<Record<string, string>>> = r.items.map((it, i) => [
          { text: `${r.numbered === false ? '' : `📍 ${i + 1}. `}${it.title}`.slice(0, 64), callback_data: callbackData(it.value) },
        ]);
        if (r.more) rows.push([{ text: `➡️ ${r.more.label}`, callback_data: callbackData(r.more.value) }]);
        if (r.link && publicUrl(r.link.url)) rows.push([{ text: `🗺 ${r.link.label}`, url: r.link.url }]);
        pushText(r.link && !publicUrl(r.link.url) ? `${text}\n\n${r.link.label}: ${r.link.url}` : text, { inline_keyboard: rows });
        break;
      }
    }
  }
  return calls;
}
