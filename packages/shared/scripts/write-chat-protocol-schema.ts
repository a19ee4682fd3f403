// Writes docs/chat-protocol.schema.json from the zod schemas (npm run schema -w packages/shared),
// formatted as the repository's prettier formats it.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { chatProtocolJsonSchema } from '../src/chat-protocol-json-schema.ts';

const file = resolve(import.meta.dirname, '../../../docs/chat-protocol.schema.json');
const options = (await resolveConfig(file)) ?? {};
writeFileSync(file, await format(JSON.stringify(chatProtocolJsonSchema()), { ...options, parser: 'json' }));
console.log(`wrote ${file}`);
