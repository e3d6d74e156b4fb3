// botbuilder Storage on Prisma, with real optimistic concurrency: every item carries an eTag,
// and a write whose eTag is stale fails instead of silently overwriting (botbuilder's default
// stores are last-writer-wins). Same rules as botbuilder's MemoryStorage otherwise: no eTag or
// '*' writes unconditionally, and an item that does not exist yet is created.
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
    const rows = await this.prisma.botState.findMany({ where: { key: { in: keys } } });
    return Object.fromEntries(rows.map((row) => [row.key, { ...(row.data as object), eTag: row.etag }]));
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
    const data = JSON.parse(JSON.stringify(rest));
    const etag = randomUUID();
    if (!eTag || eTag === '*') {
      await this.prisma.botState.upsert({ where: { key }, create: { key, data, etag }, update: { data, etag } });
      return;
    }
    const updated = await this.prisma.botState.updateMany({ where: { key, etag: String(eTag) }, data: { data, etag } });
    if (updated.count === 1) return;
    if (await this.prisma.botState.findUnique({ where: { key }, select: { key: true } })) throw new ETagConflictError(key);
    try {
      await this.prisma.botState.create({ data: { key, data, etag } });
    } catch (err) {
      if ((err as { code?: string }).code === UNIQUE_VIOLATION) throw new ETagConflictError(key);
      throw err;
    }
  }
}
