// npm run db:seed   loads the starter catalogue (demonstration offers of the Métropole de Lyon) into
// DATABASE_URL. Offers are upserted by (source, sourceId): running it again changes nothing, except
// moving the invented sessions after today when a day has passed.
import { loadConfigOrExit } from '../services/config';
import { openDatabase } from '../services/database';
import { CatalogueStore } from '../services/offers/catalogue';
import { loadStarterCatalogue } from '../services/offers/starterCatalogue';
import { parisToday } from '../services/understanding/deadline';

const n = (count: number, one: string, many: string) => `${count} ${count > 1 ? many : one}`;

async function main(): Promise<number> {
  const database = await openDatabase(loadConfigOrExit().DATABASE_URL);
  try {
    await database.migrate();
    const store = new CatalogueStore(database.prisma);
    const report = await loadStarterCatalogue(store, parisToday());
    console.log(
      `Catalogue de démonstration chargé : ${n(report.created, 'offre créée', 'offres créées')}, ` +
        `${n(report.updated, 'mise à jour', 'mises à jour')}, ${n(report.unchanged, 'inchangée', 'inchangées')}.`,
    );
    console.log(`Le catalogue compte maintenant ${n(await store.count(), 'offre', 'offres')}.`);
    return 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`Échec : ${(err as Error).message}\nRien n'a été écrit dans le catalogue.`);
    process.exit(1);
  },
);
