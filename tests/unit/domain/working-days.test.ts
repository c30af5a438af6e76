import { afterEach, describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  addWorkingDays,
  calendarDayDeadline,
  calendarDaysBetween,
  chinaDate,
  datesUseOfficialCalendar,
  fromDayNumber,
  hasOfficialCalendar,
  InvalidDateError,
  isIsoDate,
  isOnOrBefore,
  isWorkingDay,
  nextWorkingDayOnOrAfter,
  parseIsoDate,
  toDayNumber,
  weekday,
  workingDaysBetween,
} from '../../../src/domain/working-days';

describe('dates', () => {
  it('parses real calendar days only', () => {
    expect(parseIsoDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    for (const bad of ['2025-02-29', '2025-13-01', '2025-00-10', '2025-1-1', '', '2025/01/01', '0999-01-01', '2025-04-31']) {
      expect(isIsoDate(bad), bad).toBe(false);
    }
    expect(() => parseIsoDate('2025-02-30')).toThrow(InvalidDateError);
    expect(() => parseIsoDate('x')).toThrow('日期格式不正确：x');
  });

  it('day numbers round-trip and cross month/year ends', () => {
    expect(toDayNumber('1970-01-01')).toBe(0);
    expect(fromDayNumber(toDayNumber('2025-12-31') + 1)).toBe('2026-01-01');
    expect(addCalendarDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addCalendarDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(calendarDaysBetween('2025-09-30', '2025-10-09')).toBe(9);
    expect(calendarDaysBetween('2025-10-09', '2025-09-30')).toBe(-9);
  });

  it('weekday is ISO (Mon = 1 … Sun = 7)', () => {
    expect(weekday('2025-09-28')).toBe(7);
    expect(weekday('2025-09-29')).toBe(1);
    expect(weekday('2025-10-11')).toBe(6);
  });

  it('chinaDate uses UTC+8 whatever the server time zone', () => {
    expect(chinaDate(new Date('2025-09-30T15:59:59Z'))).toBe('2025-09-30');
    expect(chinaDate(new Date('2025-09-30T16:00:00Z'))).toBe('2025-10-01');
    expect(chinaDate(new Date('2025-10-01T00:30:00+08:00'))).toBe('2025-10-01');
  });

  it('isOnOrBefore', () => {
    expect(isOnOrBefore('2025-10-09', '2025-10-09')).toBe(true);
    expect(isOnOrBefore('2025-10-10', '2025-10-09')).toBe(false);
  });
});

describe('working days (chinese-days data)', () => {
  it('2025 国庆+中秋: 10-01…10-08 off, 09-28 (Sun) and 10-11 (Sat) are make-up working days', () => {
    for (let d = 1; d <= 8; d += 1) expect(isWorkingDay(`2025-10-0${d}`)).toBe(false);
    expect(isWorkingDay('2025-10-06')).toBe(false); // 中秋
    expect(isWorkingDay('2025-09-28')).toBe(true);
    expect(isWorkingDay('2025-10-11')).toBe(true);
    expect(isWorkingDay('2025-10-12')).toBe(false);
    expect(isWorkingDay('2025-09-30')).toBe(true);
    expect(isWorkingDay('2025-10-09')).toBe(true);
  });

  it('2026 春节: 02-15…02-23 off, 02-14 (Sat) and 02-28 (Sat) are make-up working days', () => {
    expect(isWorkingDay('2026-02-14')).toBe(true);
    for (const d of ['2026-02-15', '2026-02-16', '2026-02-20', '2026-02-23']) expect(isWorkingDay(d), d).toBe(false);
    expect(isWorkingDay('2026-02-24')).toBe(true);
    expect(isWorkingDay('2026-02-28')).toBe(true);
    expect(isWorkingDay('2026-03-01')).toBe(false);
  });

  it('addWorkingDays skips holidays and counts make-up days', () => {
    expect(addWorkingDays('2025-09-30', 1)).toBe('2025-10-09');
    expect(addWorkingDays('2025-09-26', 1)).toBe('2025-09-28');
    // 10-09, 10-10, 10-11 (Sat, make-up), 10-13 … 10-17, 10-20, 10-21
    expect(addWorkingDays('2025-09-30', 10)).toBe('2025-10-21');
    expect(addWorkingDays('2026-02-13', 1)).toBe('2026-02-14');
    expect(addWorkingDays('2026-02-14', 1)).toBe('2026-02-24');
    // 02-13, 02-14 (Sat, make-up), 02-24 … 02-27, 02-28 (Sat, make-up), 03-02, 03-03, 03-04
    expect(addWorkingDays('2026-02-12', 10)).toBe('2026-03-04');
  });

  it('addWorkingDays backwards and by zero', () => {
    expect(addWorkingDays('2025-10-09', -1)).toBe('2025-09-30');
    expect(addWorkingDays('2025-10-04', 0)).toBe('2025-10-04');
    expect(() => addWorkingDays('2025-10-04', 1.5)).toThrow(RangeError);
  });

  it('workingDaysBetween counts (start, end] and is the inverse of addWorkingDays', () => {
    expect(workingDaysBetween('2025-09-30', '2025-10-21')).toBe(10);
    expect(workingDaysBetween('2025-10-21', '2025-09-30')).toBe(-10);
    expect(workingDaysBetween('2025-10-01', '2025-10-08')).toBe(0);
    expect(workingDaysBetween('2025-10-09', '2025-10-09')).toBe(0);
    for (const start of ['2025-09-25', '2026-02-10', '2025-12-30']) {
      for (const n of [1, 3, 10, 25]) expect(workingDaysBetween(start, addWorkingDays(start, n))).toBe(n);
    }
  });

  it('nextWorkingDayOnOrAfter', () => {
    expect(nextWorkingDayOnOrAfter('2025-10-01')).toBe('2025-10-09');
    expect(nextWorkingDayOnOrAfter('2025-09-30')).toBe('2025-09-30');
  });
});

describe('calendarDayDeadline (民法典 201/203)', () => {
  it('does not count the start day', () => {
    expect(calendarDayDeadline('2025-09-22', 3)).toBe('2025-09-25');
  });

  it('a period ending in the National Day holiday ends on the first working day after it', () => {
    expect(calendarDayDeadline('2025-09-29', 3)).toBe('2025-10-09');
  });

  it('a period ending on a make-up Sunday ends that Sunday', () => {
    expect(calendarDayDeadline('2025-09-25', 3)).toBe('2025-09-28');
  });

  it('a period ending on an ordinary weekend moves to Monday', () => {
    expect(calendarDayDeadline('2025-11-05', 3)).toBe('2025-11-10');
  });

  it('2026 春节: ending 02-15 moves to 02-24; ending on make-up Saturday 02-14 stays', () => {
    expect(calendarDayDeadline('2026-02-12', 3)).toBe('2026-02-24');
    expect(calendarDayDeadline('2026-02-11', 3)).toBe('2026-02-14');
  });

  it('rejects negative or fractional days', () => {
    expect(() => calendarDayDeadline('2025-01-01', -1)).toThrow(RangeError);
    expect(() => calendarDayDeadline('2025-01-01', 0.5)).toThrow(RangeError);
  });
});

describe('years without official data', () => {
  it('tells which years have data', () => {
    expect(hasOfficialCalendar(2025)).toBe(true);
    expect(hasOfficialCalendar(2026)).toBe(true);
    expect(hasOfficialCalendar(2004)).toBe(true);
    expect(hasOfficialCalendar(2003)).toBe(false);
    expect(hasOfficialCalendar(2040)).toBe(false);
    expect(hasOfficialCalendar(2040)).toBe(false); // cached
    expect(hasOfficialCalendar(2025.5)).toBe(false);
    expect(datesUseOfficialCalendar(['2025-10-01', '2026-02-15'])).toBe(true);
    expect(datesUseOfficialCalendar(['2025-10-01', '2040-10-01'])).toBe(false);
  });

  it('falls back to Monday–Friday (2040-10-01 is a Monday)', () => {
    expect(isWorkingDay('2040-10-01')).toBe(true);
    expect(isWorkingDay('2040-10-06')).toBe(false);
    expect(isWorkingDay('2040-10-07')).toBe(false);
    expect(addWorkingDays('2040-10-05', 1)).toBe('2040-10-08');
  });
});

describe('time-zone independence', () => {
  const original = process.env.TZ;
  afterEach(() => {
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  });

  it.each(['America/New_York', 'Pacific/Kiritimati', 'Asia/Shanghai', 'UTC'])('gives the same answers in %s', (tz) => {
    process.env.TZ = tz;
    expect(isWorkingDay('2025-09-28')).toBe(true);
    expect(isWorkingDay('2025-09-29')).toBe(true);
    expect(isWorkingDay('2025-10-01')).toBe(false);
    expect(isWorkingDay('2025-10-09')).toBe(true);
    expect(addWorkingDays('2025-09-30', 1)).toBe('2025-10-09');
    expect(chinaDate(new Date('2025-09-30T16:00:00Z'))).toBe('2025-10-01');
  });
});
