import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { requiredScope } from '../src/http/api-token-auth.ts';
import { Permissions } from '../src/modules/auth/permissions.ts';

describe('the permission table', () => {
  it('lets supervisors and admins merge customers by default, not operators (403 FORBIDDEN)', () => {
    const table = new Permissions(loadConfig({}).permissions);
    expect(table.allows('supervisor', 'customers.merge')).toBe(true);
    expect(table.allows('admin', 'customers.merge')).toBe(true);
    expect(table.allows('operator', 'customers.merge')).toBe(false);
    expect(() => table.require('operator', 'customers.merge')).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN', status: 403 }),
    );
  });

  it('takes the roles of customers.merge from MERGE_ROLES, and refuses a list that is not roles', () => {
    const widened = new Permissions(loadConfig({ MERGE_ROLES: ' operator, supervisor ,admin' }).permissions);
    expect(widened.rolesOf('customers.merge')).toEqual(['operator', 'supervisor', 'admin']);
    const adminsOnly = new Permissions(loadConfig({ MERGE_ROLES: 'admin' }).permissions);
    expect(adminsOnly.allows('supervisor', 'customers.merge')).toBe(false);
    expect(() => loadConfig({ MERGE_ROLES: 'boss' })).toThrow(/MERGE_ROLES/);
    expect(() => loadConfig({ MERGE_ROLES: ' , ' })).toThrow(/MERGE_ROLES/);
  });

  it('opens the customer routes to API tokens with the cases scopes', () => {
    expect(requiredScope('GET', '/api/v1/customers/:id')).toBe('cases:read');
    expect(requiredScope('POST', '/api/v1/customers/:id/merge')).toBe('cases:write');
    expect(requiredScope('POST', '/api/v1/customer-merges/:id/undo')).toBe('cases:write');
  });
});
