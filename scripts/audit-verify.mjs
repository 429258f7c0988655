// `npm run audit:verify`: checks the audit trail's hash chain and its anchors (see docs/security.md).
import { register } from 'tsx/esm/api';

register();
const { runAuditVerifyCli } = await import('../apps/server/src/ops/audit-verify.ts');
process.exit(await runAuditVerifyCli());
