import JSONbig from 'json-bigint';

const parser = JSONbig({ storeAsString: true, protoAction: 'ignore', constructorAction: 'ignore' });

/**
 * Parses a Viber JSON body keeping 64-bit integers exact: any integer longer than 15 digits (the
 * `message_token`) comes back as its decimal string, because plain `JSON.parse` would round it
 * (5843910012345678901 → 5843910012345679000). Throws on invalid JSON.
 *
 * @example readViberJson('{"message_token":5843910012345678901}') // { message_token: '5843910012345678901' }
 */
export function readViberJson(raw: Buffer | string): unknown {
  return parser.parse(typeof raw === 'string' ? raw : raw.toString('utf8')) as unknown;
}
