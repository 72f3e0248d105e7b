/**
 * Renders neutral replies as one SMS body: numbered choices, links as plain URLs, venues as "name, address".
 * Optionally transliterated to GSM-7, and capped at a number of segments so that no reply can run up the bill.
 */
import type { Reply } from '../../../dialogs/activity.js';
import { renderPlain } from '../../../dialogs/render-plain.js';
import { segmentInfo, transliterateToGsm, type SegmentInfo } from './gsm.js';

export interface SmsRenderOptions {
  transliterate: boolean;
  /** Hard cap on segments per reply (default 4). */
  maxSegments?: number;
}

export interface RenderedSms {
  body: string;
  info: SegmentInfo;
}

export function renderSms(replies: Reply[], options: SmsRenderOptions): RenderedSms {
  let body = replies.map(renderPlain).join('\n').trim();
  if (options.transliterate) body = transliterateToGsm(body);
  const max = options.maxSegments ?? 4;
  let info = segmentInfo(body);
  if (info.segments > max) {
    // Cut on a line boundary first, then characters, and say that the rest was cut.
    const chars = [...body];
    let lo = 0;
    let hi = chars.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (segmentInfo(chars.slice(0, mid).join('') + '...').segments <= max) lo = mid;
      else hi = mid - 1;
    }
    let cut = chars.slice(0, lo).join('');
    const nl = cut.lastIndexOf('\n');
    if (nl > cut.length * 0.6) cut = cut.slice(0, nl);
    body = `${cut.trimEnd()}...`;
    info = segmentInfo(body);
  }
  return { body, info };
}
