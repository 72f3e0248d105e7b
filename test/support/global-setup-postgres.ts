/** Vitest global setup of the "postgres" project: one throwaway cluster for the whole run. */
import type { TestProject } from 'vitest/node';
import { startPgCluster, type PgCluster } from './pg-cluster.js';

let cluster: PgCluster | undefined;

export default async function setup(project: TestProject) {
  const external = process.env.TEST_DATABASE_URL;
  if (external) {
    project.provide('pgUrl', external);
    return;
  }
  cluster = await startPgCluster();
  project.provide('pgUrl', cluster.url);
  return () => cluster?.destroy();
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
  }
}
