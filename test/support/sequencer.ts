/**
 * The order in which the two workers take the test files. Vitest's own order runs the projects by name ("pglite",
 * then "postgres"), each longest file first: the postgres project's longest files (the crash and sharing tests
 * across processes and the database restart, about 80 s together, mostly waiting on other processes) then start
 * near the end of the run, when little is left to run beside them.
 *
 * Here the smaller project goes first (postgres: 37 files, about 145 s of work), each project longest file first:
 * the long process-level files start at once, the larger project's long files (the browser, backup and shutdown
 * tests) start about a minute later, and the run ends on its many short files, which fill both workers to the end.
 * The projects still run one after the other, not file by file in turn: a worker keeps its modules between files
 * only within one project (vitest.config.ts, `isolate: false`), and every change of project costs a fresh worker
 * that imports the product, Prisma and PGlite again (5–10 s of CPU).
 *
 * How long a file takes comes from Vitest's results cache (the last run's duration of that project's file); on a
 * clean clone (CI) from the measured figures below, else from the file's size.
 */
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Measured with two files at a time on two cores (bench/RESULTS.md, "Test suite"): the files that start processes. */
const MEASURED_MS: Record<string, number> = {
  'postgres:test/delivery-processes.db.test.ts': 40_000,
  'postgres:test/db-restart.db.test.ts': 37_000,
  'postgres:test/delivery.db.test.ts': 9_000,
  'postgres:test/security.db.test.ts': 8_000,
  'pglite:test/map.browser.test.ts': 30_000,
  'pglite:test/map-offline.browser.test.ts': 25_000,
  'pglite:test/backup.test.ts': 30_000,
  'pglite:test/shutdown.test.ts': 25_000,
  'pglite:test/fuzz-engine.test.ts': 8_000,
  'pglite:test/schema.db.test.ts': 7_000,
};

export default class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const { cache, config } = this.ctx;
    const key = (f: TestSpecification) => `${f.project.name}:${relative(config.root, f.moduleId)}`;
    const ms = new Map(
      files.map((f) => [
        f,
        cache.getFileTestResults(key(f))?.duration ?? MEASURED_MS[key(f)] ?? (cache.getFileStats(key(f))?.size ?? 0) / 100,
      ]),
    );
    const longestFirst = (list: TestSpecification[]) => [...list].sort((a, b) => ms.get(b)! - ms.get(a)!);
    const projects = new Map<string, TestSpecification[]>();
    for (const f of longestFirst(files)) projects.set(f.project.name, [...(projects.get(f.project.name) ?? []), f]);
    const total = (list: TestSpecification[]) => list.reduce((sum, f) => sum + ms.get(f)!, 0);
    return [...projects.values()].sort((a, b) => total(a) - total(b)).flat();
  }
}
