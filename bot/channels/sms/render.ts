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
  /** Segments a list of places should fit in (default 2). */
  placesSegments?: number;
}

export interface RenderedSms {
  body: string;
  info: SegmentInfo;
}

/**
 * A list of places is fitted into `placesSegments` (default 2): details are dropped from the end and names
 * shortened until it fits, keeping every item, the "more" hint and the map link.
 */
function renderPlacesSms(r: Extract<Reply, { kind: 'places' }>, o: SmsRenderOptions, others: string[]): string {
  const budget = o.placesSegments ?? 2;
  const clip = (x: string, n: number) =>
    [...x].length > n
      ? `${[...x]
          .slice(0, n - 1)
          .join('')
          .trimEnd()}.`
      : x;
  const levels = [
    { title: 60, details: 2, detail: 40 },
    { title: 40, details: 2, detail: 28 },
    { title: 34, details: 1, detail: 24 },
    { title: 30, details: 1, detail: 16 },
    { title: 26, details: 0, detail: 0 },
    { title: 18, details: 0, detail: 0 },
  ];
  let body = '';
  for (const lv of levels) {
    const lines = [
      ...others,
      r.text,
      ...r.items.map((it, i) => {
        const det = it.details.slice(0, lv.details).map((d) => clip(d, lv.detail));
        return `${r.numbered === false ? '' : `${i + 1}. `}${clip(it.title, lv.title)}${it.distance ? ` ${it.distance}` : ''}${det.length ? `, ${det.join(', ')}` : ''}`;
      }),
      r.footer,
      r.link ? `${r.link.label}: ${r.link.url}` : undefined,
    ].filter(Boolean);
    body = lines.join('\n');
    if (o.transliterate) body = transliterateToGsm(body);
    if (segmentInfo(body).segments <= budget) break;
  }
  return body;
}

/** Long choice lists (the 19 districts) go on one line, "1. A, 2. B", to save segments. */
function renderSmsPart(r: Reply): string {
  if (r.kind === 'choices' && r.choices.length > 6) return `${r.text}\n${r.choices.map((c, i) => `${i + 1}. ${c.label}`).join(', ')}`;
  return renderPlain(r);
}

export function renderSms(replies: Reply[], options: SmsRenderOptions): RenderedSms {
  const placesAt = replies.findIndex((r) => r.kind === 'places');
  let body =
    placesAt >= 0
      ? renderPlacesSms(
          replies[placesAt] as Extract<Reply, { kind: 'places' }>,
          options,
          replies.filter((_, i) => i !== placesAt).map(renderPlain),
        )
      : replies.map(renderSmsPart).join('\n').trim();
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
