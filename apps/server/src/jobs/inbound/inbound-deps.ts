import type { AuditLog } from '../../modules/audit/audit-log.ts';
import type { JobDeps } from '../job-deps.ts';

/**
 * What the inbound processor is built from: the channel workers' deps and the audit log (re-processing a
 * failed event is audited). Each of its steps takes only the part it uses.
 */
export interface InboundDeps extends JobDeps {
  audit: AuditLog;
}
