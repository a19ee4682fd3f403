import SwaggerParser from '@apidevtools/swagger-parser';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defaultAssets } from '../src/http/create-app.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

const Ref = z.object({ $ref: z.string() });
const Response = z.object({
  description: z.string(),
  content: z.record(z.string(), z.object({ schema: z.unknown() })).optional(),
});
const Operation = z.object({
  operationId: z.string().optional(),
  security: z.array(z.record(z.string(), z.array(z.string()))).optional(),
  parameters: z.array(z.object({ in: z.string(), name: z.string() })).optional(),
  requestBody: z.object({ content: z.record(z.string(), z.object({ schema: z.unknown() })) }).optional(),
  responses: z.record(z.string(), Response),
});
const Document = z.object({
  openapi: z.string(),
  security: z.array(z.record(z.string(), z.array(z.string()))),
  paths: z.record(z.string(), z.record(z.string(), Operation)),
  components: z.object({
    schemas: z.record(z.string(), z.unknown()),
    securitySchemes: z.record(z.string(), z.object({ type: z.string(), scheme: z.string().optional() })),
  }),
});

const repoRoot = resolve(import.meta.dirname, '../../..');

describe('the OpenAPI document is usable by code generators', () => {
  let server: TestServer;
  let raw: unknown;
  let doc: z.infer<typeof Document>;
  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ path, method, op })),
    );

  beforeAll(async () => {
    server = await startTestServer('sqlite', { workers: false, app: { assets: defaultAssets(repoRoot) } });
    const res = await server.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    raw = res.json();
    doc = Document.parse(raw);
  });
  afterAll(async () => {
    await server.close();
  });

  it('is a valid OpenAPI document (validated by swagger-parser)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'frontline-openapi-'));
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(raw));
    try {
      await expect(SwaggerParser.validate(file)).resolves.toMatchObject({ openapi: doc.openapi });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives every operation a unique operationId', () => {
    const ids = operations().map(({ method, path, op }) => op.operationId ?? `MISSING ${method} ${path}`);
    expect(ids.filter((id) => id.startsWith('MISSING'))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(37);
    expect(doc.paths['/api/v1/cases']?.get?.operationId).toBe('listCases');
    expect(doc.paths['/api/v1/cases/{id}/messages']?.post?.operationId).toBe('sendCaseMessage');
  });

  it('declares security globally (session + CSRF, or an API token); public and visitor operations say so', () => {
    expect(doc.security).toEqual([{ session: [], csrf: [] }, { apiToken: [] }]);
    expect(doc.components.securitySchemes).toMatchObject({
      session: { type: 'apiKey' },
      csrf: { type: 'apiKey' },
      apiToken: { type: 'http', scheme: 'bearer' },
      visitorToken: { type: 'http', scheme: 'bearer' },
    });
    for (const { path, method, op } of operations()) {
      const effective = op.security ?? doc.security;
      expect(Array.isArray(effective), `${method} ${path}`).toBe(true);
    }
    expect(doc.paths['/api/v1/auth/login']?.post?.security).toEqual([]);
    expect(doc.paths['/api/v1/chat/messages']?.post?.security).toEqual([{ visitorToken: [] }]);
    expect(doc.paths['/api/v1/auth/tokens']?.post?.security).toEqual([{ session: [], csrf: [] }]);
  });

  it('documents the error answers with the shared error schema', () => {
    const errorRef = '#/components/schemas/ErrorBody';
    const refOf = (response: z.infer<typeof Response> | undefined) =>
      Ref.safeParse(response?.content?.['application/json']?.schema).data?.$ref;
    for (const { path, method, op } of operations()) {
      const where = `${method} ${path}`;
      expect(refOf(op.responses['400']), where).toBe(errorRef);
      const visitorOrPublic = path.startsWith('/api/v1/chat/') || op.security?.length === 0;
      if (!visitorOrPublic) {
        for (const status of ['401', '403'])
          expect(refOf(op.responses[status]), `${where} ${status}`).toBe(errorRef);
      }
      if (path.includes('{')) expect(refOf(op.responses['404']), `${where} 404`).toBe(errorRef);
      if (method !== 'get' && op.security?.length !== 0)
        expect(refOf(op.responses['409']), `${where} 409`).toBe(errorRef);
    }
  });

  it('shares component schemas by reference', () => {
    for (const name of [
      'ErrorBody',
      'Message',
      'CaseSummary',
      'CaseDetail',
      'Customer',
      'Operator',
      'ApiToken',
    ])
      expect(Object.keys(doc.components.schemas), name).toContain(name);
    const ok = doc.paths['/api/v1/cases/{id}']?.get?.responses['200'];
    expect(Ref.parse(ok?.content?.['application/json']?.schema).$ref).toBe('#/components/schemas/CaseDetail');
  });

  it('publishes the case recap as its own operation with the shared CaseRecap schema', () => {
    const op = doc.paths['/api/v1/cases/{id}/recap']?.get;
    expect(op?.operationId).toBe('getCaseRecap');
    const ok = op?.responses['200'];
    expect(Ref.parse(ok?.content?.['application/json']?.schema).$ref).toBe('#/components/schemas/CaseRecap');
  });

  it('publishes the ACD administration with the shared admin schemas', () => {
    const ok = (path: string, method: string, status = '200') =>
      doc.paths[path]?.[method]?.responses[status]?.content?.['application/json']?.schema;
    expect(doc.paths['/api/v1/admin/skills']?.get?.operationId).toBe('listSkills');
    expect(doc.paths['/api/v1/admin/entry-points/{id}']?.patch?.operationId).toBe('updateAdminEntryPoint');
    expect(doc.paths['/api/v1/admin/settings/routing']?.put?.operationId).toBe('putRoutingSettings');
    expect(Ref.parse(ok('/api/v1/admin/operators/{id}', 'patch')).$ref).toBe(
      '#/components/schemas/AdminOperator',
    );
    expect(Ref.parse(ok('/api/v1/admin/settings/routing', 'get')).$ref).toBe(
      '#/components/schemas/RoutingSettings',
    );
    expect(doc.paths['/api/v1/admin/business-hours/{id}']?.delete?.responses['409']).toBeDefined();
    expect(doc.paths['/api/v1/admin/entry-points/{id}']?.delete).toBeUndefined();
  });

  it('describes the two uploads as multipart/form-data with a binary file field', () => {
    for (const path of ['/api/v1/attachments', '/api/v1/chat/attachments']) {
      const content = doc.paths[path]?.post?.requestBody?.content;
      expect(Object.keys(content ?? {}), path).toEqual(['multipart/form-data']);
      expect(content?.['multipart/form-data']?.schema).toMatchObject({
        required: ['file'],
        properties: { file: { type: 'string', format: 'binary' } },
      });
    }
  });

  it('leaves out the pages that are not the API', () => {
    const paths = Object.keys(doc.paths);
    for (const page of [
      '/',
      '/app',
      '/app/',
      '/demo',
      '/demo/',
      '/widget.js',
      '/metrics',
      '/api/v1/openapi.json',
    ])
      expect(paths, page).not.toContain(page);
    expect(paths.filter((p) => !p.startsWith('/api/v1/'))).toEqual([]);
  });
});
