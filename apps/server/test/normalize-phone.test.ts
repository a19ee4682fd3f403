import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { equivalentPhones } from '../src/lib/equivalent-phones.ts';
import { normalizePhone } from '../src/lib/normalize-phone.ts';

const ru = { region: 'RU' } as const;

describe('normalizePhone: one normaliser, E.164 out', () => {
  it('reads the spellings people type for one Russian mobile number as the same E.164 number (region RU)', () => {
    const spellings = [
      '8 927 123-45-67',
      '+7 (927) 123-45-67',
      '79271234567',
      '89271234567',
      '8(927)1234567',
      '8 (927) 123 45 67',
      '+7 927 123 45 67',
      '+7-927-123-45-67',
      '+79271234567',
      '7 927 1234567',
      '9271234567',
      '927 123-45-67',
      '00 7 927 123 45 67',
      '  +7 927 123 45 67  ',
      '+7.927.123.45.67',
      'tel:+79271234567',
    ];
    for (const spelling of spellings) expect(normalizePhone(spelling, ru), spelling).toBe('+79271234567');
  });

  it('reads other countries by their code in any region, and national spellings in their own region', () => {
    expect(normalizePhone('+44 20 7946 0958', ru)).toBe('+442079460958');
    expect(normalizePhone('+49 151 23456789', ru)).toBe('+4915123456789');
    expect(normalizePhone('+1 (650) 555-1234', ru)).toBe('+16505551234');
    expect(normalizePhone('+972 54-123-4567', ru)).toBe('+972541234567');
    expect(normalizePhone('+7 700 123 4567', ru)).toBe('+77001234567');
    expect(normalizePhone('8 800 555-35-35', ru)).toBe('+78005553535');
    expect(normalizePhone('8 (495) 123-45-67', ru)).toBe('+74951234567');
    expect(normalizePhone('0151 23456789', { region: 'DE' })).toBe('+4915123456789');
    expect(normalizePhone('(650) 555-1234', { region: 'US' })).toBe('+16505551234');
    expect(normalizePhone('8 700 123 4567', { region: 'KZ' })).toBe('+77001234567');
  });

  it('messenger numbers are the digits with the country code, "+" or not: no default region applies', () => {
    expect(normalizePhone('79271234567', 'international')).toBe('+79271234567');
    expect(normalizePhone('+79271234567', 'international')).toBe('+79271234567');
    expect(normalizePhone('4915123456789', 'international')).toBe('+4915123456789');
    expect(normalizePhone('16505551234', 'international')).toBe('+16505551234');
    expect(normalizePhone('972541234567', 'international')).toBe('+972541234567');
    // A national spelling is not a messenger's number.
    expect(normalizePhone('89271234567', 'international')).toBeNull();
  });

  it('anything that is not a valid number gives null, never a throw', () => {
    const bad = [
      '',
      '   ',
      'abc',
      '12345',
      '+7 927 123 45 6',
      '+7 927 123 45 67 89 01',
      '++79271234567',
      '+0 123 456 789',
      '+999 123 456 789',
      '8'.repeat(200),
      '☎ call me',
      '+7 (927) 123-45-6x',
    ];
    for (const input of bad) {
      expect(normalizePhone(input, ru), input).toBeNull();
      expect(normalizePhone(input, 'international'), input).toBeNull();
    }
  });

  it('keeps the Brazilian ninth-digit equivalence working on its output (F7)', () => {
    const old = normalizePhone('551187654321', 'international');
    const nine = normalizePhone('+55 11 98765-4321', ru);
    expect(old).toBe('+551187654321');
    expect(nine).toBe('+5511987654321');
    expect(equivalentPhones(nine ?? '')).toEqual([old]);
    expect(equivalentPhones(old ?? '')).toEqual([nine]);
  });

  it('DEFAULT_PHONE_REGION defaults to RU, takes any known region, and refuses others', () => {
    expect(loadConfig({}).phoneRegion).toBe('RU');
    expect(loadConfig({ DEFAULT_PHONE_REGION: 'kz' }).phoneRegion).toBe('KZ');
    expect(() => loadConfig({ DEFAULT_PHONE_REGION: 'XX' })).toThrow(/DEFAULT_PHONE_REGION/);
    expect(() => loadConfig({ DEFAULT_PHONE_REGION: 'Russia' })).toThrow(/DEFAULT_PHONE_REGION/);
  });
});
