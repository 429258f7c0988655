// `npm start`: builds the web UI and compiles the server when needed (missing, or older than
// their sources), then runs the compiled server (embedded PostgreSQL unless DATABASE_URL is set)
// in this same process, so Ctrl-C stops everything. `npm run dev` runs the TypeScript sources
// through tsx instead (scripts/dev.mjs).
import { pathToFileURL } from 'node:url';
import { ensureWebBuilt } from './web-build.mjs';
import { ensureServerBuilt, serverEntry } from './server-build.mjs';

try {
  ensureWebBuilt();
  await ensureServerBuilt();
} catch (e) {
  process.stderr.write(`[校安] ${e.message}\n`);
  process.exit(1);
}
await import(pathToFileURL(serverEntry).href);
