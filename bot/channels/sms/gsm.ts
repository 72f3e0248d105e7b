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
/** 1: a GSM-7 basic character (one septet), 2: an extension character (escape + septet), 0: needs UCS-2. */
const SEPTETS = new Uint8Array(65536);
for (const ch of GSM_BASIC) SEPTETS[ch.charCodeAt(0)] = 1;
for (const ch of GSM_EXTENDED) SEPTETS[ch.charCodeAt(0)] = 2;
const isGsmChar = (ch: string) => ch.length === 1 && SEPTETS[ch.charCodeAt(0)] !== 0;

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SegmentInfo {
  encoding: SmsEncoding;
  segments: number;
  /** septets for GSM-7, UTF-16 code units for UCS-2 */
  units: number;
}

export function isGsm7(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (SEPTETS[text.charCodeAt(i)] === 0) return false;
  return true;
}

/** Counts segments as handsets and Twilio do: 160/153 septets (GSM-7) or 70/67 code units (UCS-2). */
export function segmentInfo(text: string): SegmentInfo {
  if (text.length === 0) return { encoding: 'GSM-7', segments: 0, units: 0 };
  // Sizes of the characters: an extension character is 2 septets and a surrogate pair 2 units; neither is split.
  const sizes: number[] = [];
  if (isGsm7(text)) {
    for (let i = 0; i < text.length; i++) sizes.push(SEPTETS[text.charCodeAt(i)]!);
    return segmentsOf('GSM-7', sizes, 160, 153);
  }
  for (let i = 0; i < text.length; i++) {
    const pair = isHigh(text.charCodeAt(i)) && isLow(text.charCodeAt(i + 1));
    sizes.push(pair ? 2 : 1);
    if (pair) i++;
  }
  return segmentsOf('UCS-2', sizes, 70, 67);
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

function segmentsOf(encoding: SmsEncoding, sizes: number[], single: number, perSegment: number): SegmentInfo {
  let units = 0;
  for (const s of sizes) units += s;
  if (units <= single) return { encoding, units, segments: 1 };
  let segments = 1;
  let used = 0;
  for (const s of sizes) {
    if (used + s > perSegment) {
      segments++;
      used = 0;
    }
    used += s;
  }
  return { encoding, units, segments };
}

const TRANSLIT: Record<string, string> = {
  ą: 'a',
  ć: 'c',
  ę: 'e',
  ł: 'l',
  ń: 'n',
  ó: 'o',
  ś: 's',
  ź: 'z',
  ż: 'z',
  Ą: 'A',
  Ć: 'C',
  Ę: 'E',
  Ł: 'L',
  Ń: 'N',
  Ó: 'O',
  Ś: 'S',
  Ź: 'Z',
  Ż: 'Z',
  '„': '"',
  '”': '"',
  '“': '"',
  '«': '"',
  '»': '"',
  '‘': "'",
  '’': "'",
  ʼ: "'",
  '–': '-',
  '—': '-',
  '…': '...',
  '\u00a0': ' ',
  '•': '-',
  '·': '-',
  '×': 'x',
};

const TRANSLITERATED = new RegExp(`[${Object.keys(TRANSLIT).join('')}]`, 'g');

/**
 * Replaces Polish letters and typographic punctuation with GSM-7 equivalents. Text that would still need UCS-2
 * (Cyrillic, emoji) is returned unchanged: transliterating half of it would save nothing.
 */
export function transliterateToGsm(text: string): string {
  if (isGsm7(text)) return text;
  const out = text.replace(TRANSLITERATED, (ch) => TRANSLIT[ch]!);
  if (isGsm7(out)) return out;
  // Remaining non-GSM characters: try a decomposition (é is GSM, but ô is not: ô → o).
  let decomposed = '';
  for (const ch of out) decomposed += isGsmChar(ch) ? ch : ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  return isGsm7(decomposed) ? decomposed : text;
}
