import { describe, expect, it } from 'vitest';
import { dateOf, dateTime, dateTimeOrDash, dateTimeSeconds, timeOfDay } from './format';

describe('one date and time format, in Beijing time wherever the browser is', () => {
  it('shows an instant as YYYY-MM-DD HH:mm in Beijing time (UTC+8), never the browser’s locale format', () => {
    expect(dateTime('2026-12-03T05:42:49.123Z')).toBe('2026-12-03 13:42');
    expect(dateTime('2026-12-31T16:30:00Z')).toBe('2027-01-01 00:30');
    expect(dateTimeSeconds('2026-12-03T05:42:49Z')).toBe('2026-12-03 13:42:49');
  });
  it('gives the Beijing day and time of day, keeps a plain day, and says — or null for nothing', () => {
    expect(dateOf('2026-11-30T17:00:00Z')).toBe('2026-12-01');
    expect(dateOf('2026-11-30')).toBe('2026-11-30');
    expect(timeOfDay('2026-12-03T05:42:49Z')).toBe('13:42');
    expect(dateTime(null)).toBeNull();
    expect(dateTimeOrDash(undefined)).toBe('—');
    expect(dateTime('不是时间')).toBe('不是时间');
  });
});
