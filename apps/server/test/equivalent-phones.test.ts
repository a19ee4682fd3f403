import { describe, expect, it } from 'vitest';
import { equivalentPhones } from '../src/lib/equivalent-phones.ts';

describe('equivalentPhones (F7)', () => {
  it('pairs a Brazilian mobile number with and without the ninth digit', () => {
    expect(equivalentPhones('+5511987654321')).toEqual(['+551187654321']);
    expect(equivalentPhones('+551187654321')).toEqual(['+5511987654321']);
    expect(equivalentPhones('5521987654321')).toEqual(['+552187654321']);
  });
  it('leaves landlines and other countries alone', () => {
    expect(equivalentPhones('+551132345678')).toEqual([]); // 8 digits starting with 3: a landline
    expect(equivalentPhones('+79161234567')).toEqual([]);
    expect(equivalentPhones('+16505551234')).toEqual([]);
  });
});
