// `npm run dev`: the server from its TypeScript sources through tsx (no compile step), with the
// web UI built if needed; for development. `npm start` runs the compiled server.
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
