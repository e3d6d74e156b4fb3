// npm run db:migrate            apply pending migrations to DATABASE_URL (also done at every start)
// npm run db:migration -- NAME  write prisma/migrations/<timestamp>_NAME from the change in schema.prisma
import path from 'node:path';
import { loadConfigOrExit } from '../services/config';
import { openDatabase } from '../services/database';
import { createMigration } from './migrate';

async function main(command: string | undefined, name: string | undefined): Promise<number> {
  if (command === 'migrate') {
    const database = await openDatabase(loadConfigOrExit().DATABASE_URL);
    try {
      const applied = await database.migrate();
      console.log(applied.length ? `Migrations appliquées : ${applied.join(', ')}` : 'La base est à jour : aucune migration à appliquer.');
    } finally {
      await database.close();
    }
    return 0;
  }
  if (command === 'create') {
    if (!name) {
      console.error('Donnez un nom à la migration : npm run db:migration -- add_needs');
      return 2;
    }
    const folder = await createMigration(name);
    console.log(folder ? `Migration écrite : ${path.relative(process.cwd(), folder)}/migration.sql (relisez-la avant de la committer)` : 'schema.prisma ne change rien : aucune migration écrite.');
    return 0;
  }
  console.error('usage : tsx prisma/cli.ts migrate | create NAME');
  return 2;
}

main(process.argv[2], process.argv[3]).then(
  (code) => process.exit(code),
  (err) => {
    console.error(`Échec : ${(err as Error).message}`);
    process.exit(1);
  },
);
