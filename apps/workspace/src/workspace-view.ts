import type { Role } from '@frontline/shared';

/** The screens of the signed-in workspace; the main area shows one at a time. */
export type WorkspaceView = 'inbox' | 'channels' | 'acd' | 'tokens' | 'replies';

const viewsByRole: Record<Role, readonly WorkspaceView[]> = {
  operator: ['inbox'],
  supervisor: ['inbox', 'acd'],
  admin: ['inbox', 'channels', 'acd'],
};

/** The screens `role` may open, in navigation order (`channels` is admin only, `acd` (routing) not for operators). */
export function viewsFor(role: Role): readonly WorkspaceView[] {
  return viewsByRole[role];
}

/** Screens every role may open from the top bar's profile area: my API tokens, the canned replies. */
const everyones: readonly WorkspaceView[] = ['tokens', 'replies'];

/** Whether `role` may open `view`: the navigation's screens, and the profile's screens for everyone. */
export function canOpen(role: Role, view: WorkspaceView): boolean {
  return everyones.includes(view) || viewsFor(role).includes(view);
}

/** The URL hash of a screen other than the inbox (the routing screen's tabs add `/<tab>`). */
export function hashOf(view: WorkspaceView): string | null {
  return view === 'inbox' ? null : `#${view}`;
}

/**
 * The screen a URL hash asks for: `#tokens` (my API tokens), `#replies` (canned replies), `#channels` for admins,
 * `#acd` or `#acd/<tab>` (routing) for supervisors and admins, else the inbox (which also owns `#case-<id>`).
 * @example viewFromHash('#channels', 'admin') // → 'channels'
 */
export function viewFromHash(hash: string, role: Role): WorkspaceView {
  if (hash === '#tokens') return 'tokens';
  if (hash === '#replies') return 'replies';
  if ((hash === '#acd' || hash.startsWith('#acd/')) && viewsFor(role).includes('acd')) return 'acd';
  return hash === '#channels' && viewsFor(role).includes('channels') ? 'channels' : 'inbox';
}
