// The database backends every storage-related suite runs against: the embedded PGlite always,
// PostgreSQL when TEST_DATABASE_URL is set (each suite gets a database of its own, dropped afterwards).
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export type Backend = { name: string; create: () => Promise<TestDatabase> };

export const postgresUrl = process.env.TEST_DATABASE_URL || undefined;

export async function createPostgresDatabase(baseUrl = postgresUrl!): Promise<TestDatabase> {
  const name = `blablaform_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: baseUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export const backends: Backend[] = [
  { name: 'PGlite', create: async () => ({ url: 'memory:', drop: async () => {} }) },
  ...(postgresUrl ? [{ name: 'PostgreSQL', create: () => createPostgresDatabase() }] : []),
];

/** For describe.each: the backend tables with their names first. */
export const backendTable = backends.map((b) => [b.name, b] as const);
