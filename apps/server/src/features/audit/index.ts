/** What other features use of the audit log: writing an entry inside their transaction. */
export { recordAudit } from './audit.repository.js';
