/**
 * SMS encoding facts: which alphabet a text needs (GSM-7 or UCS-2), how many segments it costs, and a
 * transliteration of Polish letters and typographic punctuation to GSM-7.
 *
 * A single Polish letter such as "ą" switches the whole message to UCS-2: 70 characters per segment instead of
 * 160, so a typical reply costs two to three times more. Hence SMS_TRANSLITERATE is on by default.
 */

const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '^{}\\[~]|€\f';
const BASIC = new Set(GSM_BASIC);
const EXTENDED = new Set(GSM_EXTENDED);

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SegmentInfo {
  encoding: SmsEncoding;
  segments: number;
  /** septets for GSM-7, UTF-16 code units for UCS-2 */
  units: number;
}

export function isGsm7(text: string): boolean {
  for (const ch of text) if (!BASIC.has(ch) && !EXTENDED.has(ch)) return false;
  return true;
}

/** Counts segments as handsets and Twilio do: 160/153 septets (GSM-7) or 70/67 code units (UCS-2). */
export function segmentInfo(text: string): SegmentInfo {
  if (text.length === 0) return { encoding: 'GSM-7', segments: 0, units: 0 };
  if (isGsm7(text)) {
    const sizes = [...text].map((ch) => (EXTENDED.has(ch) ? 2 : 1));
    const units = sizes.reduce((a, b) => a + b, 0);
    return { encoding: 'GSM-7', units, segments: units <= 160 ? 1 : countSegments(sizes, 153) };
  }
  const sizes = [...text].map((ch) => ch.length); // surrogate pairs are 2 units and are never split
  const units = sizes.reduce((a, b) => a + b, 0);
  return { encoding: 'UCS-2', units, segments: units <= 70 ? 1 : countSegments(sizes, 67) };
}

function countSegments(sizes: number[], perSegment: number): number {
  let segments = 1;
  let used = 0;
  for (const s of sizes) {
    if (used + s > perSegment) {
      segments++;
      used = 0;
    }
    used += s;
  }
  return segments;
}

const TRANSLIT: Record<string, string> = {
  ą: 'a', ć: 'c', ę: 'e', ł: 'l', ń: 'n', ó: 'o', ś: 's', ź: 'z', ż: 'z',
  Ą: 'A', Ć: 'C', Ę: 'E', Ł: 'L', Ń: 'N', Ó: 'O', Ś: 'S', Ź: 'Z', Ż: 'Z',
  '„': '"', '”': '"', '“': '"', '«': '"', '»': '"', '‘': "'", '’': "'", 'ʼ': "'",
  '–': '-', '—': '-', '…': '...', '\u00a0': ' ', '•': '-', '·': '-', '×': 'x',
};

/**
 * Replaces Polish letters and typographic punctuation with GSM-7 equivalents. Text that would still need UCS-2
 * (Cyrillic, emoji) is returned unchanged: transliterating half of it would save nothing.
 */
export function transliterateToGsm(text: string): string {
  if (isGsm7(text)) return text;
  const out = [...text].map((ch) => TRANSLIT[ch] ?? ch).join('');
  if (isGsm7(out)) return out;
  // Remaining non-GSM characters: try a decomposition (é is GSM, but ô is not: ô → o).
  const decomposed = [...out].map((ch) => (BASIC.has(ch) || EXTENDED.has(ch) ? ch : ch.normalize('NFD').replace(/[\u0300-\u036f]/g, ''))).join('');
  return isGsm7(decomposed) ? decomposed : text;
}
