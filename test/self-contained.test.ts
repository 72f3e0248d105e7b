/**
 * The product and its tests read nothing outside the repository: a user's fresh clone has nothing beside it
 * (CI also runs from a clone in an empty directory, .ci/run). This catches a path that climbs out before CI does.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOTS = ['bot', 'dialogs', 'prisma', 'web-map', 'test', 'bench', 'scripts'];
const CODE = /\.(ts|mts|mjs|js|json)$/;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (name === 'node_modules' || name === 'generated') return [];
    return statSync(p).isDirectory() ? files(p) : CODE.test(name) ? [p] : [];
  });
}

describe('self-contained repository', () => {
  it('no code or test refers to files outside the repository (a sibling data folder, absolute workspace paths)', () => {
    const offenders = ROOTS.flatMap(files).filter(
      (f) =>
        f !== join('test', 'self-contained.test.ts') &&
        /\.\.\/+shared\/|['"`]\/work\/|shared\/data\/koszalin/.test(readFileSync(f, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });

  it('raw SQL binds its values: no $queryRawUnsafe / $executeRawUnsafe in the product (prisma/database.ts, "How SQL is written")', () => {
    const offenders = ['bot', 'dialogs', 'prisma']
      .flatMap(files)
      .filter((f) => /\$(query|execute)RawUnsafe\s*[(<]/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
