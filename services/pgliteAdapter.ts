// pglite-prisma-adapter 0.7.2, with one fix: its executeScript starts the script and returns at once
// without awaiting it, so a failing migration was recorded as applied and its error surfaced later as an
// unhandled rejection. Scripts (migrations, the shadow database of `db:migration`) are awaited here.
import type { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { type SqlDriverAdapter, type SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';

type ScriptRunner = SqlDriverAdapter & { client: PGlite };

function awaitScripts(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const { client } = adapter as ScriptRunner;
  adapter.executeScript = async (script: string) => {
    await client.exec(script);
  };
  return adapter;
}

export class PGliteAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = 'postgres' as const;
  readonly adapterName: string;
  private readonly inner: PrismaPGlite;

  constructor(client: PGlite) {
    this.inner = new PrismaPGlite(client);
    this.adapterName = this.inner.adapterName;
  }

  async connect(): Promise<SqlDriverAdapter> {
    return awaitScripts(await this.inner.connect());
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    return awaitScripts(await this.inner.connectToShadowDb());
  }
}
