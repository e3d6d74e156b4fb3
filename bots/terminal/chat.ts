// `npm run chat`: talk to the bot in this terminal, through the same HTTP door, dialogs and storage as any channel.
// The embedded database can be opened by one process only, so we talk to the server of `npm start` when one
// answers, and only otherwise start the app inside this process.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import readline from 'node:readline';
import type { Activity, CardAction } from 'botbuilder';
import { createApp, type App } from '../../index';
import { loadConfigOrExit, secretsOf, type Config } from '../../services/config';
import { createLogger } from '../../services/logger';
import { DatabaseError } from '../../services/database';
import { LocalConnector, postActivity } from '../localConnector';

const BOT = { id: 'blablaform', name: 'BlablaForm' };
const BOT_PREFIX = 'bot › ';

/** The person at this terminal: the same ids from one run to the next, so the conversation carries on. */
export function terminalIdentity(fresh = false): { userId: string; conversationId: string; name: string } {
  let name: string;
  try {
    name = os.userInfo().username;
  } catch {
    name = process.env.USER ?? 'local'; // no passwd entry (some containers)
  }
  const slug = name.replace(/[^\w.-]/g, '_') || 'local';
  return {
    name,
    userId: `terminal-${slug}`,
    conversationId: fresh ? `terminal-${slug}-${randomUUID()}` : `terminal-${slug}`,
  };
}

/** What a person sees of one reply: its text, indented on every line, then its suggested actions, numbered. */
export function render(activity: Partial<Activity>): string {
  const kinds = (activity.attachments ?? []).map((a) => a.contentType).join(', ');
  const text = activity.text || (kinds ? `[pièce jointe : ${kinds}]` : '');
  const lines = [BOT_PREFIX + text.split('\n').join('\n' + ' '.repeat(BOT_PREFIX.length))];
  const actions = activity.suggestedActions?.actions ?? [];
  if (actions.length) lines.push('   ' + actions.map((a, i) => `[${i + 1}] ${a.title ?? a.value}`).join('  '));
  return lines.join('\n');
}

/** The URL of a BlablaForm server already listening on this machine, if one answers quickly. */
async function runningServer(port: number): Promise<string | undefined> {
  if (!port) return undefined;
  const url = `http://127.0.0.1:${port}`;
  try {
    const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
    const body = (await response.json()) as { status?: unknown };
    return typeof body.status === 'string' ? url : undefined;
  } catch {
    return undefined;
  }
}

async function startInProcess(config: Config): Promise<App> {
  // The app's logs go to stderr, and only warnings unless asked for debugging: stdout is the conversation.
  const level = config.LOG_LEVEL === 'debug' || config.LOG_LEVEL === 'trace' ? config.LOG_LEVEL : 'warn';
  try {
    return await createApp({ ...config, PORT: 0, HOST: '127.0.0.1' }, { logger: createLogger(level, process.stderr, secretsOf(config)) });
  } catch (err) {
    if (!(err instanceof DatabaseError)) throw err;
    console.error(`BlablaForm n'a pas pu démarrer : ${err.message}`);
    console.error('Si `npm start` tourne déjà, vérifiez que PORT est le même dans les deux terminaux.');
    process.exit(1);
  }
}

/** A bare number the person types picks that suggested action, as `render` numbers them; anything else goes as typed. */
export function answerFor(typed: string, actions: CardAction[]): string {
  const picked = /^\d{1,2}$/.test(typed) ? actions[Number(typed) - 1] : undefined;
  if (!picked) return typed;
  return typeof picked.value === 'string' && picked.value ? picked.value : String(picked.title ?? typed);
}

export interface TerminalConversation {
  /** The server's address; replies come back through a local connector this conversation starts. */
  botUrl: string;
  identity: { userId: string; conversationId: string; name: string };
  input: NodeJS.ReadableStream;
  /** Writes one block of the conversation. */
  print: (text: string) => void;
  /** Someone typing at a terminal (a prompt) rather than piped lines (each one printed back). */
  interactive: boolean;
}

/** Joins the conversation, then sends each line once the bot has finished the turn before; ends with the input or /quitter. */
export async function converse({ botUrl, identity, input, print, interactive }: TerminalConversation): Promise<void> {
  const { userId, conversationId, name } = identity;
  const connector = new LocalConnector();
  const serviceUrl = await connector.start();
  let repliesThisTurn = 0;
  // The choices on screen: those of the last message printed, numbered by render.
  let choices: CardAction[] = [];
  connector.on('activity', (activity: Activity) => {
    if (activity.conversation?.id !== conversationId || activity.type !== 'message') return; // typing, other chats
    repliesThisTurn++;
    choices = activity.suggestedActions?.actions ?? [];
    print(render(activity));
  });

  const base: Partial<Activity> = {
    channelId: 'terminal',
    serviceUrl,
    from: { id: userId, name },
    recipient: BOT,
    conversation: { id: conversationId } as Activity['conversation'],
    locale: 'fr-FR',
  };
  const send = async (activity: Partial<Activity>): Promise<void> => {
    repliesThisTurn = 0;
    try {
      const status = await postActivity(botUrl, { ...base, ...activity });
      if (status !== 200) print(`(le bot a répondu avec l'erreur HTTP ${status})`);
    } catch (err) {
      print(`(le bot ne répond pas sur ${botUrl} : ${(err as Error).message})`);
    }
  };

  await send({ type: 'conversationUpdate', membersAdded: [{ id: userId, name }] });
  if (repliesThisTurn === 0) print('(conversation reprise — écrivez « aide » si besoin)');

  const rl = readline.createInterface({ input, output: interactive ? process.stdout : undefined, terminal: interactive });
  const stop = () => rl.close();
  rl.setPrompt('vous › ');
  rl.on('SIGINT', stop); // Ctrl+C in the terminal
  process.once('SIGINT', stop); // Ctrl+C when stdin is a pipe
  try {
    if (interactive) rl.prompt();
    // Lines are taken one at a time: the next one is sent only once the bot has finished its turn.
    for await (const line of rl) {
      const text = line.trim();
      if (['/quitter', '/exit', '/quit'].includes(text.toLowerCase())) break;
      if (!interactive) print(`vous › ${line}`);
      if (text) await send({ type: 'message', text: answerFor(text, choices) });
      if (interactive) rl.prompt();
    }
  } finally {
    process.off('SIGINT', stop);
    rl.close();
    await connector.stop();
  }
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();

  const fresh = process.argv.slice(2).some((arg) => arg === '--nouvelle' || arg === '--new');
  const serverUrl = await runningServer(config.PORT);
  const app = serverUrl ? undefined : await startInProcess(config);

  const where = serverUrl ? `serveur ${serverUrl}` : 'démarré dans ce terminal';
  console.log(`BlablaForm (${where}). Tapez /quitter ou Ctrl+D pour sortir.\n`);
  const interactive = process.stdin.isTTY === true;
  await converse({ botUrl: serverUrl ?? app!.url, identity: terminalIdentity(fresh), input: process.stdin, print: console.log, interactive });
  if (interactive) console.log('\nÀ bientôt !');
  await app?.close();
}

if (require.main === module) {
  // Exit explicitly: a readline on a pipe or a keep-alive socket must not hold the terminal once the person is done.
  main().then(
    () => process.exit(0),
    (err) => {
      console.error(`La conversation s'est arrêtée sur une erreur : ${(err as Error).stack}`);
      process.exit(1);
    },
  );
}
