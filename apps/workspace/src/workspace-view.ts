import type { Role } from '@frontline/shared';

/** The screens of the signed-in workspace; the main area shows one at a time. */
export type WorkspaceView = 'inbox' | 'channels';

const viewsByRole: Record<Role, readonly WorkspaceView[]> = {
  operator: ['inbox'],
  supervisor: ['inbox'],
  admin: ['inbox', 'channels'],
};

/** The screens `role` may open, in navigation order (`channels` is admin only). */
export function viewsFor(role: Role): readonly WorkspaceView[] {
  return viewsByRole[role];
}

/**
 * The screen a URL hash asks for: `#channels` for admins, else the inbox (which also owns `#case-<id>`).
 * @example viewFromHash('#channels', 'admin') // → 'channels'
 */
export function viewFromHash(hash: string, role: Role): WorkspaceView {
  return hash === '#channels' && viewsFor(role).includes('channels') ? 'channels' : 'inbox';
}
