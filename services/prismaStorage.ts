// botbuilder Storage on Prisma, with real optimistic concurrency: every item carries an eTag,
// and a write whose eTag is stale fails instead of silently overwriting (botbuilder's default
// stores are last-writer-wins). Same rules as botbuilder's MemoryStorage otherwise: no eTag or
// '*' writes unconditionally, and an item that does not exist yet is created.
// Reads and writes run on every turn, so they are written in SQL: Prisma's query builder spends about
// twice the CPU on the same statements, which showed in the bot's CPU per turn (npm run bench:turns).
import { randomUUID } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import type { Prisma } from './database';

export class ETagConflictError extends Error {
  constructor(readonly key: string) {
    super(`Storage: error writing "${key}" due to eTag conflict.`);
  }
}

/** The Prisma error code for a unique constraint violation: another writer created the key first. */
const UNIQUE_VIOLATION = 'P2002';

export class PrismaStorage implements Storage {
  constructor(private readonly prisma: Prisma) {}

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    if (keys.length === 0) return {};
    const rows = await this.prisma.$queryRaw<{ key: string; data: object; etag: string }[]>`
      SELECT key, data, etag FROM bot_state WHERE key = ANY(${keys}::text[])`;
    return Object.fromEntries(rows.map((row) => [row.key, { ...row.data, eTag: row.etag }]));
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    for (const [key, item] of Object.entries(changes)) {
      await this.writeOne(key, item);
    }
  }

  async delete(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.prisma.botState.deleteMany({ where: { key: { in: keys } } });
  }

  private async writeOne(key: string, item: Record<string, unknown>): Promise<void> {
    const { eTag, ...rest } = item;
    const json = JSON.stringify(rest);
    const etag = randomUUID();
    const now = new Date();
    if (!eTag || eTag === '*') {
      await this.prisma.$executeRaw`
        INSERT INTO bot_state (key, data, etag, updated_at) VALUES (${key}, ${json}::jsonb, ${etag}, ${now})
        ON CONFLICT (key) DO UPDATE SET data = EXCLUDED.data, etag = EXCLUDED.etag, updated_at = EXCLUDED.updated_at`;
      return;
    }
    const updated = await this.prisma.$executeRaw`
      UPDATE bot_state SET data = ${json}::jsonb, etag = ${etag}, updated_at = ${now} WHERE key = ${key} AND etag = ${String(eTag)}`;
    if (updated === 1) return;
    if (await this.prisma.botState.findUnique({ where: { key }, select: { key: true } })) throw new ETagConflictError(key);
    try {
      await this.prisma.botState.create({ data: { key, data: JSON.parse(json), etag } });
    } catch (err) {
      if ((err as { code?: string }).code === UNIQUE_VIOLATION) throw new ETagConflictError(key);
      throw err;
    }
  }
}
