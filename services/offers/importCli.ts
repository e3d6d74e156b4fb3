// npm run offers:import -- FICHIER.xml   imports an LHEO 2.2 or 2.3 file into the catalogue of
// DATABASE_URL, all or nothing. Exit 0 when imported, 1 when the file is refused or the database
// fails (nothing written), 2 on bad usage.
import { createReadStream, statSync } from 'node:fs';
import { loadConfigOrExit } from '../config';
import { openDatabase } from '../database';
import { CatalogueStore } from './catalogue';
import { importLheo } from './importLheo';
import { ImportError, type ImportReport } from './types';

const USAGE = 'usage : npm run offers:import -- FICHIER.xml   (un fichier LHEO 2.2 ou 2.3)';

async function main(args: string[]): Promise<number> {
  if (args.length === 1 && (args[0] === '--help' || args[0] === '-h')) {
    console.log(USAGE);
    return 0;
  }
  if (args.length !== 1) {
    console.error(USAGE);
    return 2;
  }
  const [file] = args;
  if (!isFile(file)) {
    console.error(`Fichier introuvable : ${file}\n${USAGE}`);
    return 2;
  }
  const database = await openDatabase(loadConfigOrExit().DATABASE_URL);
  try {
    await database.migrate();
    const report = await importLheo(new CatalogueStore(database.prisma), createReadStream(file));
    console.log(describe(file, report));
    return 0;
  } catch (err) {
    if (!(err instanceof ImportError)) throw err;
    console.error(`Import refusé : ${err.message}\nRien n'a été écrit dans le catalogue.`);
    return 1;
  } finally {
    await database.close();
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function describe(file: string, report: ImportReport): string {
  const n = (count: number, one: string, many: string) => `${count} ${count > 1 ? many : one}`;
  const lines = [
    `Import de ${file} terminé : ${n(report.created, 'offre créée', 'offres créées')}, ${n(report.updated, 'mise à jour', 'mises à jour')}, ` +
      `${n(report.unchanged, 'inchangée', 'inchangées')}, ${n(report.skipped.length, 'formation ignorée', 'formations ignorées')}.`,
  ];
  for (const { sourceId, reason } of report.skipped) lines.push(`  - ${sourceId ?? '(sans numéro)'} : ${reason}`);
  return lines.join('\n');
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(`Échec : ${(err as Error).message}\nRien n'a été écrit dans le catalogue.`);
    process.exit(1);
  },
);
