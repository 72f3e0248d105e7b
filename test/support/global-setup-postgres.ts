/**
 * Vitest global setup of the "postgres" project: one throwaway cluster for the whole run, and in it one migrated
 * database that every test database is copied from (CREATE DATABASE … TEMPLATE: no migrations per test file;
 * test/support/db.ts). test/schema.db.test.ts still migrates an empty database itself.
 */
import pg from 'pg';
import { randomUUID } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../prisma/database.js';
import { startPgCluster, type PgCluster } from './pg-cluster.js';

let cluster: PgCluster | undefined;

async function admin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export default async function setup(project: TestProject) {
  const external = process.env.TEST_DATABASE_URL;
  if (!external) cluster = await startPgCluster();
  const url = external ?? cluster!.url;
  const template = `t_migrated_${randomUUID().replace(/-/g, '').slice(0, 8)}`;
  await admin(url, (c) => c.query(`CREATE DATABASE ${template}`));
  const u = new URL(url);
  u.pathname = `/${template}`;
  const db = await openDatabase({ databaseUrl: u.toString(), poolSize: 1 });
  await db.close(); // no session may stay in a template database
  project.provide('pgUrl', url);
  project.provide('pgTemplate', template);
  return async () => {
    if (cluster) return cluster.destroy();
    await admin(url, (c) => c.query(`DROP DATABASE IF EXISTS ${template}`));
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
    /** The migrated database that test databases are created from. */
    pgTemplate: string;
  }
}
