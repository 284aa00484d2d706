import { describe, it, expect, afterEach } from 'vitest';
import fc from 'fast-check';
import { weekdayOf, shiftMinutes, capacityMinutesOn, ZShift, ZWorkingHours, DEFAULT_WORKING_HOURS, WEEKDAYS, type TWorkingHours } from './engineers.js';

/** Weekday by arithmetic alone (days-from-civil, H. Hinnant), so the oracle cannot share a Date bug. */
function weekdayByArithmetic(y: number, m: number, d: number): (typeof WEEKDAYS)[number] {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const days = era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468; // 0 = 1970-01-01, a Thursday
  return WEEKDAYS[(((days + 3) % 7) + 7) % 7]!;
}
const daysIn = (y: number, m: number) => [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const arbDate = fc
  .record({ y: fc.integer({ min: 1900, max: 2200 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 31 }) })
  .map(({ y, m, d }) => ({ y, m, d: Math.min(d, daysIn(y, m)) }))
  .map(({ y, m, d }) => ({ y, m, d, iso: `${y}-${pad(m)}-${pad(d)}` }));
const nextDay = (iso: string) => new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

// Zones with DST changes on the dates below, half-hour DST, ±12 h+ offsets, and Samoa's skipped 30 Dec 2011.
const ZONES = ['UTC', 'Europe/London', 'America/New_York', 'America/St_Johns', 'Australia/Lord_Howe', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Pacific/Apia', 'Asia/Kathmandu'];
const KNOWN: Array<[string, (typeof WEEKDAYS)[number]]> = [
  ['2024-03-31', 'sun'], // UK clocks forward
  ['2024-04-01', 'mon'],
  ['2024-10-27', 'sun'], // UK clocks back
  ['2024-10-28', 'mon'],
  ['2024-03-10', 'sun'], // US clocks forward
  ['2024-11-03', 'sun'], // US clocks back
  ['2024-04-07', 'sun'], // Lord Howe: half-hour change
  ['2011-12-29', 'thu'], // Samoa skipped the 30th
  ['2011-12-30', 'fri'],
  ['2011-12-31', 'sat'],
  ['2024-02-29', 'thu'],
  ['2000-01-01', 'sat'],
];

const originalTz = process.env.TZ;
afterEach(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

describe('weekdayOf', () => {
  it('names the right day for dates around clock changes, in every machine time zone', () => {
    const offsets = new Set<number>();
    for (const tz of ZONES) {
      process.env.TZ = tz;
      offsets.add(new Date('2024-01-15T12:00:00Z').getTimezoneOffset());
      for (const [date, day] of KNOWN) expect(weekdayOf(date), `${date} with TZ=${tz}`).toBe(day);
    }
    expect(offsets.size).toBeGreaterThan(5); // the zone really changed, so the check above means something
  });

  it('agrees with calendar arithmetic for any date, whatever the machine zone', () => {
    fc.assert(
      fc.property(arbDate, fc.constantFrom(...ZONES), ({ y, m, d, iso }, tz) => {
        process.env.TZ = tz;
        expect(weekdayOf(iso)).toBe(weekdayByArithmetic(y, m, d));
      }),
    );
  });

  it('the next calendar day is the next weekday', () => {
    fc.assert(
      fc.property(arbDate, ({ iso }) => {
        const i = WEEKDAYS.indexOf(weekdayOf(iso));
        expect(weekdayOf(nextDay(iso))).toBe(WEEKDAYS[(i + 1) % 7]);
      }),
    );
  });
});

describe('shifts and capacity', () => {
  const arbClock = fc.integer({ min: 0, max: 24 * 60 - 1 }).map((t) => ({ t, s: `${pad(Math.floor(t / 60))}:${pad(t % 60)}` }));

  it('a valid shift lasts end − start minutes; a shift that does not end after it starts is refused on "end"', () => {
    fc.assert(
      fc.property(arbClock, arbClock, (a, b) => {
        const r = ZShift.safeParse({ start: a.s, end: b.s });
        expect(r.success).toBe(b.t > a.t);
        if (r.success) expect(shiftMinutes(r.data)).toBe(b.t - a.t);
        else expect(r.error.issues[0]?.path).toEqual(['end']);
      }),
    );
  });

  it('refuses clock times that are not HH:MM 24-hour', () => {
    for (const bad of [{ start: '8:00', end: '16:00' }, { start: '08:00', end: '24:00' }, { start: '08:60', end: '09:00' }, { start: '08:00', end: '4pm' }]) {
      expect(ZShift.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('the default week: 8.5 h Monday to Thursday, 8 h Friday, nothing at the weekend', () => {
    expect(shiftMinutes(null)).toBe(0);
    expect(ZWorkingHours.parse(DEFAULT_WORKING_HOURS)).toEqual(DEFAULT_WORKING_HOURS);
    const week = ['2024-03-25', '2024-03-26', '2024-03-27', '2024-03-28', '2024-03-29', '2024-03-30', '2024-03-31'];
    expect(week.map((d) => capacityMinutesOn(DEFAULT_WORKING_HOURS, d))).toEqual([510, 510, 510, 510, 480, 0, 0]);
  });

  it('capacity on a date is that weekday’s shift, the same every week, in any machine zone', () => {
    const arbHours: fc.Arbitrary<TWorkingHours> = fc
      .tuple(...WEEKDAYS.map(() => fc.option(fc.tuple(arbClock, arbClock).filter(([a, b]) => b.t > a.t), { nil: null })))
      .map((days) => Object.fromEntries(WEEKDAYS.map((w, i) => [w, days[i] ? { start: days[i][0].s, end: days[i][1].s } : null])) as TWorkingHours);
    fc.assert(
      fc.property(arbHours, arbDate, fc.constantFrom(...ZONES), (hours, { y, m, d, iso }, tz) => {
        process.env.TZ = tz;
        const cap = capacityMinutesOn(hours, iso);
        expect(cap).toBe(shiftMinutes(hours[weekdayByArithmetic(y, m, d)]));
        let weekLater = iso;
        for (let i = 0; i < 7; i++) weekLater = nextDay(weekLater);
        expect(capacityMinutesOn(hours, weekLater)).toBe(cap);
      }),
    );
  });
});
