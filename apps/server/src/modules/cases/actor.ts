import type { Role } from '@frontline/shared';

/** Who is acting: the operator's id, role and queues (for access checks, see case-visibility.ts). */
export interface Actor {
  id: number;
  name: string;
  role: Role;
  queueIds: number[];
}
