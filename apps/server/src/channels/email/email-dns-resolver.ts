import { Resolver } from 'node:dns/promises';
import type { DnsResolver } from './authenticate-sender.ts';

/**
 * The production DNS for the sender check: the system's resolvers (`/etc/resolv.conf`) with a per-query
 * timeout and two tries, so one lost packet does not leave a customer unattested but a dead resolver does
 * not hold the inbound processor either. Tests hand the adapter their own resolver instead.
 *
 * @example await systemDnsResolver(2000)('_dmarc.example.ru', 'TXT') // [['v=DMARC1; p=reject']]
 */
export function systemDnsResolver(timeoutMs: number): DnsResolver {
  const resolver = new Resolver({ timeout: timeoutMs, tries: 2 });
  return async (name, rrtype) => {
    if (rrtype === 'TXT') return resolver.resolveTxt(name);
    const answer: unknown = await resolver.resolve(name, rrtype);
    // The check reads TXT records only; an answer of another shape is refused rather than guessed at.
    if (Array.isArray(answer) && answer.every((a) => typeof a === 'string')) return answer;
    throw new Error(`unexpected ${rrtype} answer for ${name}`);
  };
}
