// One schema, one migration history, both databases; the folder stays what `prisma migrate deploy` reads.
import { mkdtempSync, readdirSync, readFileSync, rmSync, cpSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../services/database';
import { MIGRATIONS_DIR, pendingSchemaChange, applyMigrations } from '../prisma/migrate';
import { PGlite } from '@electric-sql/pglite';
import { PGliteAdapterFactory } from '../services/pgliteAdapter';
import { backendTable } from './support/databases';

// Throwaway PGlites from the suite's prepared empty data directory (test/support/globalSetup.js), not initdb.
const template = process.env.BLABLAFORM_TEST_EMPTY_PGLITE;
const scratchPglite = () => (template ? new PGlite({ loadDataDir: new Blob([readFileSync(template)]) }) : new PGlite());

const migrationNames = () =>
  readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();

describe('the migrations folder', () => {
  it('matches schema.prisma: every schema change has its migration', async () => {
    expect(await pendingSchemaChange(MIGRATIONS_DIR, scratchPglite)).toBe('');
  });

  it('is in Prisma’s standard layout', () => {
    expect(readFileSync(path.join(MIGRATIONS_DIR, 'migration_lock.toml'), 'utf8')).toMatch(/provider = "postgresql"/);
    for (const name of migrationNames()) {
      expect(name).toMatch(/^\d{14}_[a-z0-9_]+$/);
      expect(readFileSync(path.join(MIGRATIONS_DIR, name, 'migration.sql'), 'utf8').length).toBeGreaterThan(0);
    }
  });

  it('writes a new migration from a schema change (what `npm run db:migration` does)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'migrations-'));
    try {
      cpSync(MIGRATIONS_DIR, dir, { recursive: true });
      // Pretend the last migration was never written: the diff must produce its SQL again.
      const last = migrationNames().at(-1)!;
      rmSync(path.join(dir, last), { recursive: true });
      const sql = await pendingSchemaChange(dir, scratchPglite);
      expect(sql).toBe(readFileSync(path.join(MIGRATIONS_DIR, last, 'migration.sql'), 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a broken migration instead of half applying it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'migrations-'));
    const db = scratchPglite();
    try {
      cpSync(MIGRATIONS_DIR, dir, { recursive: true });
      const broken = path.join(dir, '29991231000000_broken');
      cpSync(path.join(dir, migrationNames()[0]), broken, { recursive: true });
      writeFileSync(path.join(broken, 'migration.sql'), 'CREATE TABLE ok_part (id int);\nCREATE TABLE broken (;\n');
      await expect(applyMigrations(new PGliteAdapterFactory(db), dir)).rejects.toThrow(/29991231000000_broken/);
      const { rows } = await db.query(`SELECT to_regclass('ok_part') IS NULL AS absent`);
      expect(rows).toEqual([{ absent: true }]);
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each(backendTable)('on %s', (_name, backend) => {
  it('applies every migration once, recorded as `prisma migrate deploy` records them', async () => {
    const testDb = await backend.create();
    const database = await openDatabase(testDb.url);
    try {
      expect(await database.migrate()).toEqual(migrationNames());
      expect(await database.migrate()).toEqual([]);
      const rows = await database.prisma.$queryRawUnsafe<{ migration_name: string; checksum: string; finished: boolean }[]>(
        'SELECT migration_name, checksum, finished_at IS NOT NULL AS finished FROM _prisma_migrations ORDER BY migration_name',
      );
      expect(rows.map((r) => r.migration_name)).toEqual(migrationNames());
      expect(rows.every((r) => r.finished && /^[0-9a-f]{64}$/.test(r.checksum))).toBe(true);
    } finally {
      await database.close();
      await testDb.drop();
    }
  });
});
