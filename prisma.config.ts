// Read by the Prisma CLI (`prisma generate`). Migrations are applied by prisma/migrate.ts,
// which uses the WebAssembly schema engine because the CLI's native engine cannot be downloaded here.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
