import { describe, expect, it } from 'vitest';
import { LoginThrottle } from '../src/modules/auth/login-throttle.ts';

/** The login back-off against an attacker who controls many e-mails and addresses (unit level, fake clock). */
describe('LoginThrottle', () => {
  const policy = {
    freeFailures: 5,
    baseDelayMs: 1000,
    maxDelayMs: 15 * 60_000,
    forgetAfterMs: 60 * 60_000,
    maxAccounts: 100,
    maxFailuresPerAddressPerMinute: 1_000_000,
  };
  const clockAt = (start: number) => {
    let now = start;
    return { clock: { now: () => new Date(now) }, advance: (ms: number) => (now += ms) };
  };

  it('a spray of made-up e-mails does not wipe the back-off of the account it targets, nor its known addresses', () => {
    const { clock, advance } = clockAt(Date.parse('2026-12-01T10:00:00Z'));
    const throttle = new LoginThrottle(clock, policy);
    throttle.succeeded('victim@example.com', '10.0.0.7'); // the operator's own workstation
    for (let i = 0; i < 8; i++) throttle.failed('victim@example.com', '203.0.113.9');
    const held = throttle.retryAfterMs('victim@example.com', '198.51.100.1');
    expect(held).toBeGreaterThan(0);

    // Far more made-up accounts than the throttle tracks, one wrong password each, from many addresses.
    for (let i = 0; i < 10 * policy.maxAccounts; i++)
      throttle.failed(`nobody${i}@example.com`, `192.0.2.${i % 250}`);
    advance(10);
    expect(throttle.retryAfterMs('victim@example.com', '198.51.100.1')).toBeGreaterThan(0);
    // The real operator, at their own workstation, is still not held back.
    expect(throttle.retryAfterMs('victim@example.com', '10.0.0.7')).toBe(0);
  });

  it('one address sending wrong passwords for many e-mails is held back, whatever the e-mails', () => {
    const { clock, advance } = clockAt(Date.parse('2026-12-01T10:00:00Z'));
    const throttle = new LoginThrottle(clock, { ...policy, maxFailuresPerAddressPerMinute: 20 });
    for (let i = 0; i < 20; i++) {
      expect(throttle.retryAfterMs(`user${i}@example.com`, '203.0.113.9')).toBe(0);
      throttle.failed(`user${i}@example.com`, '203.0.113.9');
    }
    const wait = throttle.retryAfterMs('someone-else@example.com', '203.0.113.9');
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60_000);
    // Other addresses are not affected, and the address may try again after the minute.
    expect(throttle.retryAfterMs('someone-else@example.com', '203.0.113.10')).toBe(0);
    advance(60_000);
    expect(throttle.retryAfterMs('someone-else@example.com', '203.0.113.9')).toBe(0);
  });
});
