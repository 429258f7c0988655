import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DATE_RANGE, decimalPlaces, hasInvalidText, isDateInRange, isDateTimeInRange } from './input-limits.js';
import { parseFundsFen } from './hazard/ledger-import.js';

describe('dates are accepted only between 2000-01-01 and 2100-12-31', () => {
  it.each(['2000-01-01', '2026-03-05', '2024-02-29', '2100-12-31'])('accepts %s', (d) => {
    expect(isDateInRange(d)).toBe(true);
  });

  it.each(['1999-12-31', '2101-01-01', '9999-12-31', '0001-01-01', '2026-02-30', '2026-13-01', '2026-3-5', '', '20260305'])(
    'refuses %j (outside the range or not a real date)',
    (d) => {
      expect(isDateInRange(d)).toBe(false);
    },
  );

  it('refuses non-strings', () => {
    for (const v of [null, undefined, 20260305, new Date(), {}]) expect(isDateInRange(v)).toBe(false);
  });

  it('takes the bounds from one place', () => {
    expect(DATE_RANGE).toEqual({ min: '2000-01-01', max: '2100-12-31' });
  });
});

describe('date-times are RFC 3339 with an offset, on a date inside the range', () => {
  it.each(['2026-03-05T08:30:00+08:00', '2026-03-05T00:30:00Z', '2026-03-05T00:30:00.123Z', '2000-01-01T00:00:00Z', '2100-12-31T23:59:59-05:00'])(
    'accepts %s',
    (s) => {
      expect(isDateTimeInRange(s)).toBe(true);
    },
  );

  it.each(['9999-12-31T00:00:00Z', '1970-01-01T00:00:00Z', '2026-03-05', '2026-03-05T08:30:00', '2026-02-30T00:00:00Z', '2026-03-05T24:00:00Z', '2026-03-05T23:60:00Z', 'soon'])(
    'refuses %j',
    (s) => {
      expect(isDateTimeInRange(s)).toBe(false);
    },
  );
});

describe('text with NUL or a lone surrogate is invalid: PostgreSQL cannot store it', () => {
  it.each(['a\u0000b', '\u0000', '\ud800', 'x\udc00', '\udc00\ud800', 'ab\ud83d'])('flags %j', (s) => {
    expect(hasInvalidText(s)).toBe(true);
  });

  it.each(['', '消防通道堵塞', 'emoji 😀 ok', '\u0001 other controls are storable', '\ud83d\ude00'])('accepts %j', (s) => {
    expect(hasInvalidText(s)).toBe(false);
  });

  it('accepts every well-formed string without NUL (property)', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => hasInvalidText(s) === s.includes('\u0000')));
  });
});

describe('decimal places of money', () => {
  it.each([
    [0, 0],
    [12, 0],
    [12.5, 1],
    [0.29, 2],
    [0.1 + 0.2, 1],
    [9999999999.99, 2],
    [0.001, 3],
    [1e-7, 7],
    ['12.50', 1],
    ['12.345', 3],
    ['0.001', 3],
    ['1e-3', 3],
    ['7', 0],
  ] as const)('%j has %d', (v, n) => {
    expect(decimalPlaces(v)).toBe(n);
  });

  it('has no opinion on what is not a decimal', () => {
    for (const v of ['abc', '', '.', Number.POSITIVE_INFINITY, Number.NaN]) expect(decimalPlaces(v)).toBeNull();
  });

  it('refuses, not rounds, funds with more decimals than a fen (0.001 元 was stored as 0)', () => {
    expect(parseFundsFen(0.001)).toBeNull();
    expect(parseFundsFen(12.345)).toBeNull();
    expect(parseFundsFen(0.0000001, 'ten_thousand_yuan')).toBeNull();
    expect(parseFundsFen(0.35, 'ten_thousand_yuan')).toBe(350000);
    expect(parseFundsFen(1234567890.12)).toBe(123456789012);
  });
});
