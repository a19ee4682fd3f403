import type { DnsResolver } from '../../src/channels/email/authenticate-sender.ts';

/** The error a resolver raises for a name without records of that type (what node's dns throws). */
function notFound(name: string, rrtype: string): Error {
  return Object.assign(new Error(`queryTxt ENOTFOUND ${name} (${rrtype})`), { code: 'ENOTFOUND' });
}

/** A DNS without any record: every sender check finds no DMARC record and leaves the sender unattested. */
export const offlineDns: DnsResolver = (name, rrtype) => Promise.reject(notFound(name, rrtype));

/**
 * A DNS serving the given TXT records (`{ 'sel._domainkey.example.ru': 'v=DKIM1; k=rsa; p=…' }`) and
 * nothing else; it records every question in `queries` (`TXT _dmarc.example.ru`).
 */
export function fakeDns(records: Record<string, string>): DnsResolver & { queries: string[] } {
  const queries: string[] = [];
  const resolver = (name: string, rrtype: string) => {
    queries.push(`${rrtype} ${name}`);
    const record = rrtype === 'TXT' ? records[name.toLowerCase()] : undefined;
    // A long TXT record comes in chunks of at most 255 characters, as DNS carries it.
    if (record !== undefined) return Promise.resolve([record.match(/.{1,255}/g) ?? ['']]);
    return Promise.reject(notFound(name, rrtype));
  };
  return Object.assign(resolver, { queries });
}
