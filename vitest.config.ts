import { defineConfig } from 'vitest/config';
import { postgresAvailable } from './test/support/pg-cluster.js';
import LongestFirstSequencer from './test/support/sequencer.js';

// Two projects: "pglite" runs every test; "postgres" runs the database tests (*.db.test.ts) again on a
// throwaway PostgreSQL cluster. CI sets REQUIRE_POSTGRES=1 so that a missing server fails instead of skipping.
const withPostgres = Boolean(process.env.TEST_DATABASE_URL) || postgresAvailable();
if (!withPostgres) {
  if (process.env.REQUIRE_POSTGRES === '1')
    throw new Error('REQUIRE_POSTGRES=1 but no PostgreSQL server binaries (PG_BIN) and no TEST_DATABASE_URL');
  console.warn(
    '\n*** PostgreSQL suite SKIPPED: no server binaries in /usr/lib/postgresql/15/bin and no TEST_DATABASE_URL. Only PGlite was tested. ***\n',
  );
}

export default defineConfig({
  test: {
    // Two files at a time even on two cores (Vitest's default is cores - 1 = one), and each worker keeps its modules
    // between files instead of loading the product, botbuilder, Prisma's and PGlite's WebAssembly again for each of
    // the ~100 files (that import was a third of the suite's CPU). Tests share no module state: every file opens its
    // own database, servers and fakes (bench/RESULTS.md, "Test suite": 10.4 min → 4.6 min).
    maxWorkers: 2,
    isolate: false,
    // Each project's longest files first (test/support/sequencer.ts).
    sequence: { sequencer: LongestFirstSequencer },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true as const,
        test: {
          name: 'pglite',
          include: ['test/**/*.test.ts'],
          env: { TEST_DB: 'pglite' },
          globalSetup: ['test/support/global-setup-pglite.ts'],
          sequence: { groupOrder: 1 }, // after the postgres project
        },
      },
      ...(withPostgres
        ? [
            {
              extends: true as const,
              test: {
                name: 'postgres',
                include: ['test/**/*.db.test.ts'],
                env: { TEST_DB: 'postgres' },
                globalSetup: ['test/support/global-setup-postgres.ts'],
                // First, and three files at a time: its long files (the crash and sharing tests across processes,
                // the database restart) mostly wait on other processes and on PostgreSQL being down, and two workers
                // left a fifth of the CPU idle. The pglite project then runs two at a time (three only added
                // contention: more CPU per test). A worker keeps its modules only within a project, so they do not
                // mix: each switch costs a fresh worker that imports the product again.
                sequence: { groupOrder: 0 },
                maxWorkers: 3,
              },
            },
          ]
        : []),
    ],
  },
});
