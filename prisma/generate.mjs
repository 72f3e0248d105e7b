// Runs `prisma generate` offline. The Prisma CLI wants a native schema engine that it cannot download here;
// `generate` does not use it, so any existing file satisfies the check (see README, "Why migrations are SQL").
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;
env.PRISMA_HIDE_UPDATE_MESSAGE = '1';
env.CHECKPOINT_DISABLE = '1';
const r = spawnSync(
  process.execPath,
  [join(root, 'node_modules/prisma/build/index.js'), 'generate', '--schema', join(root, 'prisma/schema.prisma')],
  { stdio: 'inherit', env, cwd: root },
);
process.exit(r.status ?? 1);
