/**
 * One problem of a request's field, as 400 answers list it in `details`: the field path, what is wrong in
 * English, and a stable `code` (zod's issue code, or one of ours) with its `params`, so a client can say it
 * in its own language (the workspace does: `admin-form-error.ts`). docs/errors.md lists the codes.
 */
export interface FieldProblem {
  path: string;
  message: string;
  code: string;
  params?: Record<string, string | number>;
}

/**
 * A zod issue (or Fastify's validation entry of one: `keyword` → `code`, its fields under `params`) as the
 * problem of the field at `path`.
 */
export function issueProblem(
  path: string,
  issue: { code: string; message?: string | undefined } & Record<string, unknown>,
): FieldProblem {
  const params = issueParams(issue);
  return { path, message: issue.message ?? 'invalid', code: issue.code, ...(params ? { params } : {}) };
}

/** The parts of a zod issue a client needs to word it (bounds, expected type, format, allowed values). */
function issueParams(issue: Record<string, unknown>): Record<string, string | number> | undefined {
  const params: Record<string, string | number> = {};
  for (const key of ['minimum', 'maximum', 'origin', 'expected', 'format'] as const) {
    const value = issue[key];
    if (typeof value === 'string' || typeof value === 'number') params[key] = value;
    if (typeof value === 'bigint') params[key] = Number(value);
  }
  if (Array.isArray(issue.values)) params.values = issue.values.map(String).join(', ');
  return Object.keys(params).length > 0 ? params : undefined;
}
