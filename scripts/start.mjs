// `npm start`: builds the web UI if needed, then runs the server (embedded PostgreSQL
// unless DATABASE_URL is set) in this same process, so Ctrl-C stops everything.
import { register } from 'tsx/esm/api';
import { ensureWebBuilt } from './web-build.mjs';

try {
  ensureWebBuilt();
} catch (e) {
  process.stderr.write(`[校安] ${e.message}\n`);
  process.exit(1);
}
register();
await import('../apps/server/src/main.ts');
