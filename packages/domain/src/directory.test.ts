import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { ZPostcode, ZCreateSiteRequest } from './directory.js';

const buildSite = (o: Record<string, unknown> = {}) => ({ clientId: '0190a1b2-0000-7000-8000-000000000001', name: 'Flat 3', address1: '12 High Street', postcode: 'sw1a 1aa', ...o });

describe('ZPostcode', () => {
  it('normalises case and spacing so the same postcode is stored one way', () => {
    expect(ZPostcode.parse('  sw1a   1aa ')).toBe('SW1A 1AA');
    expect(ZPostcode.parse('Sw1A 1aA')).toBe('SW1A 1AA');
    expect(ZPostcode.parse('10115')).toBe('10115');
  });

  it('normalising twice changes nothing, and any spelling of a postcode ends the same', () => {
    const arbPostcode = fc.stringMatching(/^[A-Za-z0-9]{1,4} ?[A-Za-z0-9]{1,4}$/);
    fc.assert(
      fc.property(arbPostcode, (p) => {
        const once = ZPostcode.parse(p);
        expect(ZPostcode.parse(once)).toBe(once);
        expect(ZPostcode.parse(` ${p.toLowerCase().replace(/ /g, '  ')} `)).toBe(once);
        expect(once).not.toMatch(/ {2}|^ | $|[a-z]/);
      }),
    );
  });

  it('refuses punctuation, a single character and over-long input', () => {
    for (const bad of ['SW1A;1AA', '<b>', 'A', ' ', 'ABCDEFGHIJKLM', '-SW1']) expect(ZPostcode.safeParse(bad).success, bad).toBe(false);
  });
});

describe('ZCreateSiteRequest', () => {
  it('stores the postcode normalised and trims text', () => {
    expect(ZCreateSiteRequest.parse(buildSite({ name: '  Flat 3 ' }))).toMatchObject({ name: 'Flat 3', postcode: 'SW1A 1AA' });
  });

  it('refuses a site without an address line, with impossible coordinates or unknown fields', () => {
    for (const bad of [{ address1: '  ' }, { lat: 91 }, { lng: -181 }, { occupantEmail: 'not-an-email' }, { region: 'London' }, { clientId: 'c1' }]) {
      expect(ZCreateSiteRequest.safeParse(buildSite(bad)).success, JSON.stringify(bad)).toBe(false);
    }
    expect(ZCreateSiteRequest.safeParse(buildSite({ lat: 51.5, lng: -0.14, occupantEmail: null })).success).toBe(true);
  });
});
