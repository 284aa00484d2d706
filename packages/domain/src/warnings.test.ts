import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { isWarningLive, sortWarnings, ZCreateWarningRequest, SEVERITIES, type TSeverity } from './warnings.js';

const SITE = '0190a1b2-0000-7000-8000-000000000001';
const TYPE = '0190a1b2-0000-7000-8000-000000000002';
const buildWarning = (o: Partial<{ validFrom: string; validUntil: string | null; removedAt: string | null }> = {}) => ({
  validFrom: '2025-03-01T09:00:00.000Z',
  validUntil: '2025-03-08T09:00:00.000Z' as string | null,
  removedAt: null as string | null,
  ...o,
});
const buildCreate = (o: Record<string, unknown> = {}) => ({ siteId: SITE, typeId: TYPE, ...o });

/** The same instant written the ways ZTimestamp accepts: Z with or without milliseconds, or a UTC offset. */
function writeInstant(ms: number, style: 'ms' | 'plain' | number): string {
  if (style === 'ms') return new Date(ms).toISOString();
  if (style === 'plain') return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  const local = new Date(ms + style * 60_000).toISOString().slice(0, 23);
  const abs = Math.abs(style);
  return `${local}${style < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
const arbStyle = fc.oneof(fc.constantFrom<'ms' | 'plain'>('ms', 'plain'), fc.constantFrom(-600, -300, 60, 120, 330, 840));
const parsedMs = (s: string) => Date.parse(s);
// Instants within a few seconds of each other, so boundaries and equal times come up often.
const arbMs = fc.integer({ min: 0, max: 8_000 }).map((d) => Date.UTC(2025, 2, 30, 0, 59, 55) + d);

describe('isWarningLive', () => {
  it('starts at validFrom (inclusive) and stops at validUntil (exclusive)', () => {
    const w = buildWarning();
    expect(isWarningLive(w, '2025-03-01T08:59:59.999Z')).toBe(false);
    expect(isWarningLive(w, '2025-03-01T09:00:00.000Z')).toBe(true);
    expect(isWarningLive(w, '2025-03-08T08:59:59.999Z')).toBe(true);
    expect(isWarningLive(w, '2025-03-08T09:00:00.000Z')).toBe(false);
  });

  it('a removed warning stops applying at once, even inside its dates', () => {
    expect(isWarningLive(buildWarning({ removedAt: '2025-03-02T10:00:00.000Z' }), '2025-03-03T10:00:00.000Z')).toBe(false);
  });

  it('a warning with no end date applies indefinitely once started', () => {
    expect(isWarningLive(buildWarning({ validUntil: null }), new Date('2099-01-01T00:00:00Z'))).toBe(true);
  });

  it('answers the same for a Date and its ISO string', () => {
    fc.assert(
      fc.property(arbMs, (now) => {
        expect(isWarningLive(buildWarning(), new Date(now))).toBe(isWarningLive(buildWarning(), new Date(now).toISOString()));
      }),
    );
  });

  it('compares instants, however the timestamps are written', () => {
    fc.assert(
      fc.property(arbMs, arbMs, arbMs, arbStyle, arbStyle, arbStyle, fc.boolean(), (from, until, now, s1, s2, s3, open) => {
        const w = buildWarning({ validFrom: writeInstant(from, s1), validUntil: open ? null : writeInstant(until, s2) });
        const nowText = writeInstant(now, s3);
        const [f, u, n] = [parsedMs(w.validFrom), w.validUntil === null ? null : parsedMs(w.validUntil), parsedMs(nowText)];
        expect(isWarningLive(w, nowText)).toBe(f <= n && (u === null || n < u));
      }),
    );
  });

  it('knows a warning valid from 10:00 in Paris (09:00 UTC) is live at 09:30 UTC', () => {
    expect(isWarningLive(buildWarning({ validFrom: '2025-03-01T10:00:00+01:00', validUntil: null }), '2025-03-01T09:30:00.000Z')).toBe(true);
    expect(isWarningLive(buildWarning({ validFrom: '2025-03-01T09:00:00Z', validUntil: '2025-03-01T09:00:00.500Z' }), '2025-03-01T09:00:00.250Z')).toBe(true);
  });
});

describe('sortWarnings', () => {
  const w = (id: string, severity: TSeverity, validFrom: string) => ({ id, severity, validFrom });

  it('puts danger first, then caution, then info, newest first within each', () => {
    const sorted = sortWarnings([
      w('old-info', 'info', '2025-01-01T00:00:00.000Z'),
      w('old-danger', 'danger', '2024-01-01T00:00:00.000Z'),
      w('caution', 'caution', '2025-06-01T00:00:00.000Z'),
      w('new-danger', 'danger', '2025-02-01T00:00:00.000Z'),
    ]);
    expect(sorted.map((x) => x.id)).toEqual(['new-danger', 'old-danger', 'caution', 'old-info']);
  });

  it('for any list: same warnings, input untouched, severity never rises, time never rises within a severity', () => {
    const arbW = fc.record({ id: fc.uuid(), severity: fc.constantFrom(...SEVERITIES), at: arbMs, style: arbStyle });
    fc.assert(
      fc.property(fc.array(arbW, { maxLength: 12 }), (raw) => {
        const ws = raw.map((r) => w(r.id, r.severity, writeInstant(r.at, r.style)));
        const copy = structuredClone(ws);
        const sorted = sortWarnings(ws);
        expect(ws).toEqual(copy);
        expect([...sorted].map((x) => x.id).sort()).toEqual(ws.map((x) => x.id).sort());
        const rank = (s: TSeverity) => ['danger', 'caution', 'info'].indexOf(s);
        for (let i = 1; i < sorted.length; i++) {
          const [a, b] = [sorted[i - 1]!, sorted[i]!];
          expect(rank(a.severity)).toBeLessThanOrEqual(rank(b.severity));
          if (a.severity === b.severity) expect(parsedMs(a.validFrom)).toBeGreaterThanOrEqual(parsedMs(b.validFrom));
        }
      }),
    );
  });
});

describe('ZCreateWarningRequest', () => {
  it('defaults to visible to engineers with empty text', () => {
    expect(ZCreateWarningRequest.parse(buildCreate())).toMatchObject({ text: '', visibleToEngineers: true });
  });

  it('refuses an end that is not after the start, on the validUntil field', () => {
    for (const validUntil of ['2025-03-01T09:00:00.000Z', '2025-03-01T08:00:00.000Z']) {
      const r = ZCreateWarningRequest.safeParse(buildCreate({ validFrom: '2025-03-01T09:00:00.000Z', validUntil }));
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]?.path).toEqual(['validUntil']);
    }
    expect(ZCreateWarningRequest.safeParse(buildCreate({ validFrom: '2025-03-01T09:00:00.000Z', validUntil: '2025-03-01T09:00:00.001Z' })).success).toBe(true);
    expect(ZCreateWarningRequest.safeParse(buildCreate({ validUntil: '2000-01-01T00:00:00.000Z' })).success).toBe(true); // start defaults server-side
  });

  it('compares the instants, not the text, for any way of writing them', () => {
    fc.assert(
      fc.property(arbMs, arbMs, arbStyle, arbStyle, (from, until, s1, s2) => {
        const [validFrom, validUntil] = [writeInstant(from, s1), writeInstant(until, s2)];
        const ok = ZCreateWarningRequest.safeParse(buildCreate({ validFrom, validUntil })).success;
        expect(ok, `${validFrom} → ${validUntil}`).toBe(parsedMs(validUntil) > parsedMs(validFrom));
      }),
    );
  });

  it('accepts 10:00 Paris → 09:30 UTC and refuses 10:00 UTC → 10:30 Paris', () => {
    expect(ZCreateWarningRequest.safeParse(buildCreate({ validFrom: '2025-03-01T10:00:00+01:00', validUntil: '2025-03-01T09:30:00Z' })).success).toBe(true);
    expect(ZCreateWarningRequest.safeParse(buildCreate({ validFrom: '2025-03-01T10:00:00Z', validUntil: '2025-03-01T10:30:00+01:00' })).success).toBe(false);
  });
});
