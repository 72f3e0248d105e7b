/**
 * The order in which the workers take the test files of a project: longest first, so that the run ends on short
 * files that fill every worker to the end. (Which project runs first is vitest.config.ts's `sequence.groupOrder`:
 * postgres, then pglite.)
 *
 * How long a file takes: for the long files the measured figures below (the results cache would take a partial
 * run's, e.g. of one test with -t, and start such a file last); for the others Vitest's results cache (the last
 * run's duration of that project's file), else (a clean clone, CI) the file's size.
 */
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Measured in whole runs (bench/RESULTS.md, "Test suite"): the files that start processes or a browser. */
const MEASURED_MS: Record<string, number> = {
  'postgres:test/delivery-processes.db.test.ts': 33_000,
  'postgres:test/db-restart.db.test.ts': 21_000,
  'postgres:test/delivery.db.test.ts': 6_000,
  'postgres:test/broadcast-runs.db.test.ts': 6_000,
  'postgres:test/security.db.test.ts': 5_500,
  'pglite:test/backup.test.ts': 42_000,
  'pglite:test/map.browser.test.ts': 20_000,
  'pglite:test/shutdown.test.ts': 18_000,
  'pglite:test/map-offline.browser.test.ts': 15_000,
  'pglite:test/fuzz-engine.test.ts': 12_000,
  'pglite:test/server.test.ts': 9_000,
  'pglite:test/schema.db.test.ts': 7_500,
};

export default class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const { cache, config } = this.ctx;
    const key = (f: TestSpecification) => `${f.project.name}:${relative(config.root, f.moduleId)}`;
    const ms = new Map(
      files.map((f) => [
        f,
        MEASURED_MS[key(f)] ?? cache.getFileTestResults(key(f))?.duration ?? (cache.getFileStats(key(f))?.size ?? 0) / 100,
      ]),
    );
    return [...files].sort((a, b) => ms.get(b)! - ms.get(a)!);
  }
}
