/**
 * Calendar and working-day arithmetic on plain calendar dates.
 *
 * Dates are 'YYYY-MM-DD' strings meaning a calendar day in China (UTC+8, no daylight saving).
 * A calendar day has no time zone of its own, so all arithmetic here is done on day numbers
 * (days since 1970-01-01, computed with Date.UTC) and never on local-time Date objects: the
 * result is the same whatever TZ the server runs in. The only place an instant is turned into
 * a date is `chinaDate(instant)`, which applies the fixed +08:00 offset explicitly.
 *
 * Working days come from the `chinese-days` package (State Council holiday notices, including
 * 调休 make-up working days on weekends). Note: chinese-days itself parses 'YYYY-MM-DD' strings
 * as UTC midnight and then reads local-time fields, which gives the previous day in time zones
 * west of UTC; we therefore only ever hand it a Date at local noon of the wanted day.
 *
 * For a year the package has no data for (it covers 2004–2026 in v1.5.7), we fall back to
 * Monday–Friday and `hasOfficialCalendar(year)` returns false so callers can say so.
 */
// chinese-days ships a minified CommonJS bundle whose named exports Node's ESM loader cannot
// detect, so use the default export (module.exports).
import chineseDays from 'chinese-days';

const { getHolidaysInRange, isWorkday } = chineseDays;

/** A calendar day in China, 'YYYY-MM-DD'. */
export type IsoDate = string;

export class InvalidDateError extends Error {
  readonly value: string;
  constructor(value: string) {
    super(`日期格式不正确：${value}（应为 YYYY-MM-DD）`);
    this.name = 'InvalidDateError';
    this.value = value;
  }
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;
/** China Standard Time is UTC+8 all year (no daylight saving since 1991). */
export const CHINA_UTC_OFFSET_MINUTES = 480;

export interface DateParts {
  year: number;
  month: number;
  day: number;
}

/** Parses a 'YYYY-MM-DD' string into parts; throws InvalidDateError for non-existent days. */
export function parseIsoDate(value: string): DateParts {
  const m = ISO_DATE.exec(value);
  if (!m) throw new InvalidDateError(value);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const t = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 2025-02-30 over to March; a real calendar day round-trips unchanged.
  // (setUTCFullYear is not needed: years < 100 are rejected by the 4-digit pattern + check.)
  if (year < 1000 || t.getUTCFullYear() !== year || t.getUTCMonth() !== month - 1 || t.getUTCDate() !== day) {
    throw new InvalidDateError(value);
  }
  return { year, month, day };
}

export function isIsoDate(value: string): boolean {
  try {
    parseIsoDate(value);
    return true;
  } catch {
    return false;
  }
}

export function formatIsoDate(parts: DateParts): IsoDate {
  return `${String(parts.year).padStart(4, '0')}-${String(parts.month).padStart(2, '0')}-${String(parts.day).padStart(2, '0')}`;
}

/** Days since 1970-01-01 for a calendar date. */
export function toDayNumber(date: IsoDate): number {
  const { year, month, day } = parseIsoDate(date);
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

export function fromDayNumber(dayNumber: number): IsoDate {
  const t = new Date(dayNumber * MS_PER_DAY);
  return formatIsoDate({ year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() });
}

/** The calendar date in China at the given instant (fixed UTC+8). */
export function chinaDate(instant: Date): IsoDate {
  return fromDayNumber(Math.floor((instant.getTime() + CHINA_UTC_OFFSET_MINUTES * 60_000) / MS_PER_DAY));
}

export function addCalendarDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** end − start in calendar days (negative when end is earlier). */
export function calendarDaysBetween(start: IsoDate, end: IsoDate): number {
  return toDayNumber(end) - toDayNumber(start);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function weekday(date: IsoDate): number {
  const dow = new Date(toDayNumber(date) * MS_PER_DAY).getUTCDay();
  return dow === 0 ? 7 : dow;
}

const calendarYearCache = new Map<number, boolean>();

/**
 * Whether the official holiday calendar (State Council notice, via chinese-days) is known for
 * this year. When false, working days for that year are plain Monday–Friday and any deadline
 * computed in it should be shown as provisional.
 */
export function hasOfficialCalendar(year: number): boolean {
  const cached = calendarYearCache.get(year);
  if (cached !== undefined) return cached;
  // Every published year has weekday holidays (春节 always covers weekdays), so an empty list
  // means the package simply has no data for that year.
  const known =
    Number.isInteger(year) && year >= 1000 && year <= 9999 && getHolidaysInRange(localNoon(`${year}-01-01`), localNoon(`${year}-12-31`), false).length > 0;
  calendarYearCache.set(year, known);
  return known;
}

/** True if every date in the list lies in a year with official calendar data. */
export function datesUseOfficialCalendar(dates: readonly IsoDate[]): boolean {
  return dates.every((d) => hasOfficialCalendar(parseIsoDate(d).year));
}

function localNoon(date: IsoDate): Date {
  const { year, month, day } = parseIsoDate(date);
  return new Date(year, month - 1, day, 12, 0, 0, 0);
}

/**
 * A working day: Monday–Friday that is not an official holiday, or a weekend day that is an
 * official 调休 make-up working day. Years without data: Monday–Friday.
 */
export function isWorkingDay(date: IsoDate): boolean {
  const { year } = parseIsoDate(date);
  if (!hasOfficialCalendar(year)) return weekday(date) <= 5;
  return isWorkday(localNoon(date));
}

/**
 * The n-th working day after `date` (n > 0) or before it (n < 0). The start day itself is never
 * counted (民法典 第二百零一条: 开始的当日不计入), so addWorkingDays(friday, 1) is the next
 * working day. n = 0 returns `date` unchanged, whether or not it is a working day.
 */
export function addWorkingDays(date: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError(`工作日数必须是整数：${n}`);
  let day = toDayNumber(date);
  const step = n > 0 ? 1 : -1;
  let remaining = Math.abs(n);
  while (remaining > 0) {
    day += step;
    if (isWorkingDay(fromDayNumber(day))) remaining -= 1;
  }
  return fromDayNumber(day);
}

/**
 * Number of working days in (start, end] — start excluded, end included — so that
 * workingDaysBetween(d, addWorkingDays(d, n)) === n. Negative when end is before start.
 */
export function workingDaysBetween(start: IsoDate, end: IsoDate): number {
  const a = toDayNumber(start);
  const b = toDayNumber(end);
  if (a === b) return 0;
  const [lo, hi, sign] = a < b ? [a, b, 1] : [b, a, -1];
  let count = 0;
  for (let d = lo + 1; d <= hi; d += 1) {
    if (isWorkingDay(fromDayNumber(d))) count += 1;
  }
  return sign * count;
}

/** The first working day on or after `date`. */
export function nextWorkingDayOnOrAfter(date: IsoDate): IsoDate {
  let day = toDayNumber(date);
  while (!isWorkingDay(fromDayNumber(day))) day += 1;
  return fromDayNumber(day);
}

/**
 * Deadline of a period counted in calendar days ("N日内"), the statutory way:
 * 民法典 第二百零一条 — the start day is not counted, counting begins the next day;
 * 第二百零三条 — if the last day is a 法定休假日 (weekend or public holiday), the period ends on
 * the first working day after it. 调休 make-up Saturdays are working days, so a period can end
 * on one.
 */
export function calendarDayDeadline(start: IsoDate, days: number): IsoDate {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`天数必须是非负整数：${days}`);
  return nextWorkingDayOnOrAfter(addCalendarDays(start, days));
}

/** Whether `date` is on or before `deadline`. */
export function isOnOrBefore(date: IsoDate, deadline: IsoDate): boolean {
  return toDayNumber(date) <= toDayNumber(deadline);
}
