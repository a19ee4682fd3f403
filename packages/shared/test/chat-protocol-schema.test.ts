import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { chatProtocolJsonSchema } from '../src/chat-protocol-json-schema.ts';

const root = resolve(import.meta.dirname, '../../..');

describe('docs/chat-protocol.schema.json', () => {
  it('is what the zod schemas generate (run `npm run schema -w packages/shared` after changing them)', () => {
    const committed: unknown = JSON.parse(
      readFileSync(resolve(root, 'docs/chat-protocol.schema.json'), 'utf8'),
    );
    expect(committed).toEqual(chatProtocolJsonSchema());
  });

  it('documents every frame as sent: each field the schema has, and no field it does not have', () => {
    const doc = readFileSync(resolve(root, 'docs/chat-protocol.md'), 'utf8');
    const defs = Defs.parse(chatProtocolJsonSchema()).$defs;
    const tables = {
      ChatServerFrame: doc.slice(doc.indexOf('Server → client'), doc.indexOf('Client → server')),
      ChatClientFrame: doc.slice(doc.indexOf('Client → server'), doc.indexOf('### Resume')),
    };
    for (const name of ['ChatServerFrame', 'ChatClientFrame'] as const) {
      for (const variant of defs[name].oneOf) {
        const type = variant.properties.type.const;
        const row = tables[name].split('\n').find((l) => l.startsWith(`| \`{type:'${type}'`));
        expect(row, `${name} '${type}' has a row in the frame tables`).toBeDefined();
        const documented = /`\{type:'[a-z.]+'(.*?)\}`/.exec(row ?? '')?.[1] ?? '';
        const named = [...documented.matchAll(/([A-Za-z]+)\??(?=[,:}]|$)/g)].map((m) => m[1]);
        for (const field of Object.keys(variant.properties).filter((k) => k !== 'type'))
          expect(named, `'${type}' documents ${field}`).toContain(field);
        const inSchema = propertyNames(variant);
        for (const field of named) expect(inSchema, `'${type}' really has ${field}`).toContain(field);
      }
    }
  });
});

const Variant = z.looseObject({
  properties: z.looseObject({ type: z.object({ type: z.literal('string'), const: z.string() }) }),
});
const Defs = z.object({
  $defs: z.looseObject({
    ChatServerFrame: z.object({ oneOf: z.array(Variant) }),
    ChatClientFrame: z.object({ oneOf: z.array(Variant) }),
  }),
});

/** Every property name anywhere inside a JSON Schema node. */
function propertyNames(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(propertyNames);
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]: [string, unknown]) =>
    key === 'properties' && value !== null && typeof value === 'object'
      ? [...Object.keys(value), ...propertyNames(Object.values(value))]
      : propertyNames(value),
  );
}
