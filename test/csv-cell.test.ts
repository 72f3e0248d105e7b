/** Attendee CSV cells: spreadsheet formulas are defused, whatever sign they start with; plain values stay. */
import { describe, expect, it } from 'vitest';
import { csvCell } from '../dialogs/events/coordinator-dialog.js';

describe('attendee CSV cells', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+48600123456', "'+48600123456"],
    ['-1+HYPERLINK("http://x","y")', `"'-1+HYPERLINK(""http://x"",""y"")"`],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', `"'\r=1"`],
    ['Anna Nowak', 'Anna Nowak'],
    ['Nowak, Anna', '"Nowak, Anna"'],
    ['CONFIRMED', 'CONFIRMED'],
  ])('%j → %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });
});
