// npm run advisor:add -- EMAIL [--name "Camille Martin"] [--role advisor|analyst]…   creates an
// account for /console in the database of DATABASE_URL, or updates it (new password, and name and
// roles when given). The password comes from ADVISOR_PASSWORD (for scripts), else it is asked twice
// on the terminal without echo, else read as one line from stdin. Exit 0 when done, 2 on bad usage or
// input, 1 when the database fails.
import readline from 'node:readline';
import { Writable } from 'node:stream';
import { loadConfigOrExit } from '../config';
import { openDatabase, parseDatabaseUrl, type Database } from '../database';
import { AdvisorError, Advisors, checkNewPassword, MIN_PASSWORD_LENGTH, normalizeEmail, type AdvisorRole } from './advisors';

const USAGE = [
  'usage : npm run advisor:add -- EMAIL [--name "Camille Martin"] [--role advisor|analyst]…',
  `  Le mot de passe (${MIN_PASSWORD_LENGTH} caractères au moins) est lu dans ADVISOR_PASSWORD, sinon demandé deux fois.`,
  '  --role se répète ou prend une liste (--role advisor,analyst) ; par défaut : advisor.',
].join('\n');

const ROLE_NAMES: Record<string, AdvisorRole> = { advisor: 'ADVISOR', conseiller: 'ADVISOR', analyst: 'ANALYST', analyste: 'ANALYST' };
const ROLE_LABELS: Record<AdvisorRole, string> = { ADVISOR: 'conseiller', ANALYST: 'analyste' };

class UsageError extends Error {}
class Cancelled extends Error {}

interface Args {
  email: string;
  name?: string;
  roles?: AdvisorRole[];
}

function parseArgs(args: string[]): Args | 'help' {
  const positional: string[] = [];
  let name: string | undefined;
  let roles: AdvisorRole[] | undefined;
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].startsWith('--') && args[i].includes('=') ? [args[i].slice(0, args[i].indexOf('=')), args[i].slice(args[i].indexOf('=') + 1)] : [args[i], undefined];
    const value = () => {
      const v = inline ?? args[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} attend une valeur.`);
      return v;
    };
    if (flag === '--help' || flag === '-h') return 'help';
    else if (flag === '--name') name = value().trim();
    else if (flag === '--role') {
      for (const word of value().split(',').map((w) => w.trim().toLowerCase()).filter(Boolean)) {
        const role = ROLE_NAMES[word];
        if (!role) throw new UsageError(`Rôle inconnu : « ${word} » (attendu : advisor ou analyst).`);
        (roles ??= []).push(role);
      }
    } else if (flag.startsWith('-')) throw new UsageError(`Option inconnue : ${flag}`);
    else positional.push(flag);
  }
  if (positional.length !== 1) throw new UsageError(positional.length ? `Une seule adresse e-mail à la fois (reçu : ${positional.join(' ')}).` : 'Adresse e-mail manquante.');
  if (name === '') throw new UsageError('--name est vide.');
  return { email: positional[0], name, roles };
}

async function main(argv: string[]): Promise<number> {
  let args: Args;
  let email: string;
  try {
    const parsed = parseArgs(argv);
    if (parsed === 'help') {
      console.log(USAGE);
      return 0;
    }
    args = parsed;
    email = normalizeEmail(args.email);
  } catch (err) {
    if (!(err instanceof UsageError || err instanceof AdvisorError)) throw err;
    console.error(`${err.message}\n${USAGE}`);
    return 2;
  }

  const url = loadConfigOrExit().DATABASE_URL;
  let password: string;
  try {
    password = await readPassword();
    checkNewPassword(password);
  } catch (err) {
    if (err instanceof Cancelled) {
      console.error('Annulé : aucun compte n’a été modifié.');
      return 130;
    }
    if (!(err instanceof AdvisorError)) throw err;
    console.error(err.message);
    return 2;
  }

  let database: Database;
  try {
    database = await openDatabase(url);
  } catch (err) {
    console.error(`Échec : ${(err as Error).message}`);
    if (parseDatabaseUrl(url).kind === 'pglite') {
      // The embedded database lives inside one process: while `npm start` holds it, nobody else can write to it.
      console.error('Si le bot tourne sur cette base embarquée (npm start), arrêtez-le le temps d’ajouter le compte, puis relancez-le.');
    }
    return 1;
  }
  try {
    await database.migrate();
    const { account, created } = await new Advisors(database.prisma).add({ email, password, name: args.name, roles: args.roles });
    const roles = account.roles.map((r) => ROLE_LABELS[r]).join(', ');
    console.log(`${created ? 'Compte créé' : 'Compte mis à jour'} : ${account.email} (${roles})`);
    return 0;
  } catch (err) {
    if (!(err instanceof AdvisorError)) throw err;
    console.error(err.message);
    return 2;
  } finally {
    await database.close();
  }
}

async function readPassword(): Promise<string> {
  const fromEnv = process.env.ADVISOR_PASSWORD;
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) return readOneLine();
  const first = await askHidden('Mot de passe : ');
  checkNewPassword(first);
  const second = await askHidden('Le même, encore une fois : ');
  if (first !== second) throw new AdvisorError('Les deux mots de passe ne sont pas les mêmes : rien n’a été modifié.');
  return first;
}

/** Asks on the terminal; what is typed is not echoed (readline writes into an output we silence). */
function askHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let muted = false;
    const output = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        if (!muted) process.stdout.write(chunk);
        callback();
      },
    });
    const rl = readline.createInterface({ input: process.stdin, output, terminal: true });
    let answer: string | undefined;
    rl.on('SIGINT', () => rl.close());
    rl.on('close', () => {
      process.stdout.write('\n');
      if (answer === undefined) reject(new Cancelled());
      else resolve(answer);
    });
    rl.question(question, (typed) => {
      answer = typed;
      rl.close();
    });
    muted = true;
  });
}

async function readOneLine(): Promise<string> {
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) return line;
  return '';
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(`Échec : ${(err as Error).message}`);
    process.exit(1);
  },
);
