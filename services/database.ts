// Opens the database named by DATABASE_URL: the embedded PGlite (file:PATH or memory:) or PostgreSQL.
// Both speak PostgreSQL, so one schema and one migration history serve them (prisma/).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGliteAdapterFactory } from './pgliteAdapter';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaClient } from '../prisma/generated/client';
import { applyMigrations, MIGRATIONS_DIR } from '../prisma/migrate';

export type Prisma = PrismaClient;

export type DatabaseTarget =
  | { kind: 'pglite'; dir: string | null }
  | { kind: 'postgres'; connectionString: string };

export interface Database {
  readonly target: DatabaseTarget;
  readonly prisma: PrismaClient;
  /** Applies pending migrations; returns the names applied. */
  migrate(): Promise<string[]>;
  /**
   * Runs start-up work that instances starting together must not do at the same time (migrations,
   * loading the starter catalogue): one after the other on PostgreSQL, as is on the embedded database.
   */
  exclusively<T>(work: () => Promise<T>): Promise<T>;
  /** True when the database answers within the timeout. */
  ping(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

export class DatabaseError extends Error {}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Our rows' ids are UUIDs: anything else (from a URL, an API body) is unknown, without asking the database (which would fail on it). */
export function isUuid(id: string): boolean {
  return UUID.test(id);
}

export function parseDatabaseUrl(url: string, cwd = process.cwd()): DatabaseTarget {
  if (url === 'memory:') return { kind: 'pglite', dir: null };
  if (url.startsWith('file:')) return { kind: 'pglite', dir: path.resolve(cwd, url.slice('file:'.length)) };
  if (/^postgres(ql)?:\/\//.test(url)) return { kind: 'postgres', connectionString: url };
  throw new DatabaseError(`DATABASE_URL "${url}" : attendu postgresql://…, file:CHEMIN ou memory:`);
}

/** Key of the advisory lock that serialises start-up work (migrations…) when several instances start together. */
const STARTUP_LOCK_KEY = 4_242_001;

export async function openDatabase(url: string): Promise<Database> {
  const target = parseDatabaseUrl(url);
  return target.kind === 'postgres' ? openPostgres(target) : openPglite(target);
}

// A new PGlite runs initdb, over a second. A throwaway database (memory:) starts instead from a copy of
// the first one's freshly initialised data directory, kept for the process: the same empty database,
// in about a third of the time (the test suite opens dozens of them).
let emptyDataDir: Promise<Blob> | undefined;

/** Throwaway databases, and new embedded folders, start from this empty data directory (a dump of a fresh PGlite), prepared elsewhere. */
export function startMemoryDatabasesFrom(dataDir: Blob): void {
  emptyDataDir = Promise.resolve(dataDir);
}

function freshMemoryDatabase(): Promise<PGlite> {
  emptyDataDir ??= (async () => {
    const first = new PGlite();
    try {
      await first.waitReady;
      // Read into memory now: the dump is backed by the instance's files, gone once it is closed.
      return new Blob([await (await first.dumpDataDir('none')).arrayBuffer()]);
    } finally {
      await first.close();
    }
  })();
  return emptyDataDir.then((loadDataDir) => new PGlite({ loadDataDir }));
}

/** A new folder starts from the prepared empty data directory when there is one (tests), instead of running initdb. */
async function openDirectory(dir: string): Promise<PGlite> {
  const isNew = !existsSync(dir) || readdirSync(dir).length === 0;
  return isNew && emptyDataDir ? new PGlite(dir, { loadDataDir: await emptyDataDir }) : new PGlite(dir);
}

async function openPglite(target: Extract<DatabaseTarget, { kind: 'pglite' }>): Promise<Database> {
  const releaseDir = target.dir ? claimDirectory(target.dir) : () => {};
  let client: PGlite;
  try {
    client = target.dir ? await openDirectory(target.dir) : await freshMemoryDatabase();
    await client.waitReady;
  } catch (err) {
    releaseDir();
    throw new DatabaseError(`la base embarquée ${target.dir ?? '(mémoire)'} ne s'ouvre pas : ${(err as Error).message}`);
  }
  const factory = new PGliteAdapterFactory(client);
  const prisma = new PrismaClient({ adapter: factory });
  let closed: Promise<void> | undefined;
  return {
    target,
    prisma,
    migrate: () => migrateIfNeeded(prisma, factory),
    exclusively: (work) => work(),
    ping: (timeoutMs) => (client.closed ? Promise.resolve(false) : ping(prisma, timeoutMs)),
    close() {
      closed ??= (async () => {
        await prisma.$disconnect();
        await client.close();
        releaseDir();
      })();
      return closed;
    },
  };
}

/**
 * How every connection to PostgreSQL is opened (Prisma's pool, the turn locks, the handoff
 * notifications). A server that stops answering must not hold a turn for minutes: a connection
 * not established within 5 s fails (and the person gets an apology), and keepalive probes
 * eventually close an idle connection whose server vanished without a word (a network failure),
 * so the pools replace it instead of waiting on it.
 */
export function postgresConnection(connectionString: string): pg.ClientConfig & pg.PoolConfig {
  return { connectionString, connectionTimeoutMillis: 5_000, keepAlive: true, keepAliveInitialDelayMillis: 10_000 };
}

async function openPostgres(target: Extract<DatabaseTarget, { kind: 'postgres' }>): Promise<Database> {
  const factory = new PrismaPg(postgresConnection(target.connectionString));
  const prisma = new PrismaClient({ adapter: factory });
  try {
    await prisma.$queryRawUnsafe('SELECT 1');
  } catch (err) {
    await prisma.$disconnect().catch(() => {});
    throw new DatabaseError(`PostgreSQL ne répond pas (${redact(target.connectionString)}) : ${(err as Error).message}`);
  }
  // Several instances may start at once: one migrates (or loads data), the others wait and then find nothing to do.
  const exclusively = async <T>(work: () => Promise<T>): Promise<T> => {
    const lock = new pg.Client(postgresConnection(target.connectionString));
    await lock.connect();
    try {
      await lock.query('SELECT pg_advisory_lock($1)', [STARTUP_LOCK_KEY]);
      return await work();
    } finally {
      await lock.end();
    }
  };
  return {
    target,
    prisma,
    migrate: () => exclusively(() => migrateIfNeeded(prisma, factory)),
    exclusively,
    ping: (timeoutMs) => ping(prisma, timeoutMs),
    close: () => prisma.$disconnect(),
  };
}

/** Starting the schema engine costs a few hundred milliseconds: skip it when every migration is recorded. */
async function migrateIfNeeded(prisma: PrismaClient, factory: SqlMigrationAwareDriverAdapterFactory): Promise<string[]> {
  const wanted = existsSync(MIGRATIONS_DIR)
    ? readdirSync(MIGRATIONS_DIR, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)
    : [];
  const [{ exists }] = await prisma.$queryRawUnsafe<{ exists: boolean }[]>(
    `SELECT to_regclass('_prisma_migrations') IS NOT NULL AS "exists"`,
  );
  if (exists) {
    const rows = await prisma.$queryRawUnsafe<{ migration_name: string }[]>(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    const done = new Set(rows.map((r) => r.migration_name));
    if (wanted.every((name) => done.has(name))) return [];
  }
  return applyMigrations(factory);
}

async function ping(prisma: PrismaClient, timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const query = prisma.$queryRawUnsafe('SELECT 1').then(() => true, () => false);
  try {
    return await Promise.race([query, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * PGlite is a database inside this process: a second process opening the same folder would corrupt it.
 * A lock file with our pid refuses that clearly (a stale file from a killed process is taken over).
 */
function claimDirectory(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const lockFile = path.join(dir, '..', `${path.basename(dir)}.lock`);
  if (existsSync(lockFile)) {
    const pid = Number(readFileSync(lockFile, 'utf8'));
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new DatabaseError(
        `la base embarquée ${dir} est déjà ouverte par le processus ${pid}. ` +
          'Arrêtez-le, ou utilisez PostgreSQL (DATABASE_URL=postgresql://…) pour plusieurs processus.',
      );
    }
  }
  writeFileSync(lockFile, String(process.pid));
  return () => rmSync(lockFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function redact(connectionString: string): string {
  return connectionString.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
