import type { Role } from '@frontline/shared';
import { AppError } from '../../lib/errors.ts';

/** Actions whose roles are configurable (beyond the fixed rules of the routes). */
export type Permission = 'customers.merge';

export const allPermissions: readonly Permission[] = ['customers.merge'];

/** Who may do what by default: merging (and unmerging) customers is for supervisors and admins. */
export const defaultPermissions: Readonly<Record<Permission, readonly Role[]>> = {
  'customers.merge': ['supervisor', 'admin'],
};

/**
 * The table of permissions per role: the defaults, with the roles of each permission the configuration
 * replaces (`MERGE_ROLES=operator,supervisor,admin` lets operators merge too).
 *
 * @example new Permissions({ 'customers.merge': ['operator', 'supervisor', 'admin'] }).allows('operator', 'customers.merge') // true
 */
export class Permissions {
  private readonly table: Readonly<Record<Permission, readonly Role[]>>;

  constructor(overrides: Partial<Record<Permission, readonly Role[]>> = {}) {
    this.table = { ...defaultPermissions, ...overrides };
  }

  allows(role: Role, permission: Permission): boolean {
    return this.table[permission].includes(role);
  }

  /** The roles that have `permission`. */
  rolesOf(permission: Permission): readonly Role[] {
    return this.table[permission];
  }

  /** 403 `FORBIDDEN` unless `role` has `permission`; the message names the roles that do. */
  require(role: Role, permission: Permission): void {
    if (this.allows(role, permission)) return;
    throw new AppError(
      'FORBIDDEN',
      `${permission} needs one of the roles: ${this.table[permission].join(', ')} (set by the server's configuration)`,
    );
  }
}
