import { describe, expect, it } from 'vitest';
import { isGsm7, segmentInfo, transliterateToGsm } from '../bot/channels/sms/gsm.js';
import { renderSms } from '../bot/channels/sms/render.js';
import twilio from 'twilio';
import { twiml } from '../bot/channels/sms/twilio-webhook.js';

describe('SMS encoding and segments', () => {
  it.each([
    ['', 'GSM-7', 0, 0],
    ['a'.repeat(160), 'GSM-7', 1, 160],
    ['a'.repeat(161), 'GSM-7', 2, 161],
    ['a'.repeat(306), 'GSM-7', 2, 306],
    ['a'.repeat(307), 'GSM-7', 3, 307],
    ['€'.repeat(80), 'GSM-7', 1, 160],
    ['€'.repeat(81), 'GSM-7', 2, 162],
    ['ą', 'UCS-2', 1, 1],
    ['ą'.repeat(70), 'UCS-2', 1, 70],
    ['ą'.repeat(71), 'UCS-2', 2, 71],
    ['Привіт'.repeat(20), 'UCS-2', 2, 120],
    ['😀'.repeat(35), 'UCS-2', 1, 70],
    ['😀'.repeat(36), 'UCS-2', 2, 72],
  ])('%#: %s → %s, %i segment(s), %i units', (text, encoding, segments, units) => {
    expect(segmentInfo(text)).toEqual({ encoding, segments, units });
  });

  it('an escape pair (€) is not split across segments', () => {
    // 152 plain characters then "€": the pair does not fit in the first 153-septet segment.
    expect(segmentInfo('a'.repeat(152) + '€' + 'a'.repeat(10)).segments).toBe(2);
    expect(segmentInfo('a'.repeat(152) + '€' + 'a'.repeat(152)).segments).toBe(3);
  });

  it('transliterates Polish letters and typography to GSM-7', () => {
    expect(transliterateToGsm('Zażółć gęślą jaźń – „cytat” …')).toBe('Zazolc gesla jazn - "cytat" ...');
    expect(isGsm7(transliterateToGsm('ŁÓDŹ, Śródmieście, Ćwiczenia'))).toBe(true);
    expect(transliterateToGsm('Café Müller')).toBe('Café Müller');
  });

  it('leaves Cyrillic and emoji text alone (it needs UCS-2 anyway)', () => {
    expect(transliterateToGsm('Допомога: ul. Zwycięstwa')).toBe('Допомога: ul. Zwycięstwa');
    expect(transliterateToGsm('Dzięki 😀')).toBe('Dzięki 😀');
  });

  it('renders choices as numbered lines and reports the cost', () => {
    const r = renderSms(
      [
        {
          kind: 'choices',
          text: 'Co chcesz zrobić?',
          choices: [
            { value: 'a', label: 'Wydarzenia' },
            { value: 'b', label: 'Język' },
          ],
        },
      ],
      { transliterate: true },
    );
    expect(r.body).toBe('Co chcesz zrobic?\n1. Wydarzenia\n2. Jezyk');
    expect(r.info).toEqual({ encoding: 'GSM-7', segments: 1, units: 40 });
    expect(renderSms([{ kind: 'text', text: 'Język' }], { transliterate: false }).info.encoding).toBe('UCS-2');
  });

  it('caps a reply at the segment limit and says it was cut', () => {
    const long = Array.from({ length: 40 }, (_, i) => `Linia numer ${i} z pewnym tekstem`).join('\n');
    const r = renderSms([{ kind: 'text', text: long }], { transliterate: true, maxSegments: 2 });
    expect(r.info.segments).toBe(2);
    expect(r.body.endsWith('...')).toBe(true);
  });

  it("TwiML answers are exactly what twilio's MessagingResponse builds, and characters XML cannot carry are dropped", () => {
    const official = (body: string) => {
      const r = new twilio.twiml.MessagingResponse();
      if (body) r.message(body);
      return r.toString();
    };
    const pool = ['a', 'ą', '&', '<', '>', '"', "'", '\r', '\n', '\t', ' ', '😀', 'Ж', '€', ']]>', '&amp;', '1.'];
    let seed = 7;
    const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let n = 0; n < 500; n++) {
      const body = Array.from({ length: Math.floor(rnd() * 40) }, () => pool[Math.floor(rnd() * pool.length)]).join('');
      expect(twiml(body), JSON.stringify(body)).toBe(official(body));
    }
    expect(twiml(undefined)).toBe(official(''));
    // The builder throws on these; a turn must still be answered.
    expect(() => official('x\u0001y')).toThrow();
    expect(twiml('x\u0001y\uD800z\uFFFE')).toBe(official('xyz'));
    expect(twiml('\u0007')).toBe(official(''));
  });
});
