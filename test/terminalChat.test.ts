// `npm run chat` as a person uses it: lines typed (here piped) in, the conversation printed out.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createApp, type App } from '../index';
import { loadConfig } from '../services/config';
import { TEXT as WELCOME } from '../dialogs/welcomeDialog';
import { terminalIdentity } from '../bots/terminal/chat';
import { freePort, RUN_TS } from './support/process';

const ROOT = path.resolve(__dirname, '..');
const CHAT = path.join(ROOT, 'bots/terminal/chat.ts');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the chat with `lines` piped to its stdin (all at once, then end of input). */
function chat(lines: string[], env: Record<string, string>, args: string[] = []): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...RUN_TS, CHAT, ...args], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'warn', DATABASE_URL: 'memory:', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(lines.map((l) => `${l}\n`).join(''));
  });
}

/** Fails with the whole output, which says more than any single assertion. */
function expectInOrder(run: Run, fragments: string[]): void {
  let from = 0;
  for (const fragment of fragments) {
    const at = run.stdout.indexOf(fragment, from);
    if (at < 0) throw new Error(`« ${fragment} » not found (in order) in the chat output:\n${run.stdout}\n--- stderr ---\n${run.stderr}`);
    from = at + fragment.length;
  }
}

const ROLE_CHOICES = '[1] Entreprise  [2] Je cherche une formation  [3] Conseiller ou conseillère';

test('without a server, starts the bot itself and holds a conversation from piped input', async () => {
  const run = await chat(['bonjour', '3'], { PORT: String(await freePort()) });

  expectInOrder(run, [
    'démarré dans ce terminal',
    'bot › Bonjour ! Je suis BlablaForm, un assistant automatique',
    WELCOME.askRole,
    ROLE_CHOICES,
    'vous › bonjour',
    WELCOME.helloAgain,
    ROLE_CHOICES,
    'vous › 3',
    'bot › ' + WELCOME.advisorRole,
  ]);
  expect(run.stdout).toContain('/console');
  expect(run.stdout).not.toContain('conversation reprise');
  expect(run.code).toBe(0);
});

describe('with a BlablaForm server already running', () => {
  let app: App;
  let env: Record<string, string>;

  beforeAll(async () => {
    app = await createApp(loadConfig({ DATABASE_URL: 'memory:', PORT: '0', LOG_LEVEL: 'silent' }));
    env = { PORT: String(app.port) };
  });
  afterAll(() => app?.close());

  test('talks to that server (--nouvelle: a conversation of its own)', async () => {
    const { userId, conversationId: stableId } = terminalIdentity();
    const run = await chat(['aide'], env, ['--nouvelle']);

    expectInOrder(run, [`serveur ${app.url}`, 'assistant automatique', 'vous › aide', 'Voici ce que je sais faire']);
    expect(run.code).toBe(0);
    const person = app.pseudonyms.of('terminal', userId);
    const conversations = await app.transcript.conversationsOf({ channelId: 'terminal', userId: person });
    expect(conversations).toHaveLength(1);
    expect(conversations[0]).not.toBe(stableId);
    const lines = await app.transcript.conversation(conversations[0]);
    expect(lines).toContainEqual(expect.objectContaining({ direction: 'IN', text: 'aide', userId: person }));
    expect(lines.some((l) => l.direction === 'OUT' && l.text.startsWith('Voici ce que je sais faire'))).toBe(true);
  });

  test('running the chat again continues the same conversation', async () => {
    const first = await chat(['bonjour'], env);
    expectInOrder(first, [ROLE_CHOICES, 'vous › bonjour', WELCOME.helloAgain]);

    // The role question is still open: the bot says nothing on joining, the chat gives a hint, and the answer is understood.
    const second = await chat(['3'], env);
    expect(second.stdout).not.toContain(ROLE_CHOICES);
    expectInOrder(second, ['(conversation reprise', 'vous › 3', 'bot › ' + WELCOME.advisorRole]);
    expect([first.code, second.code]).toEqual([0, 0]);
  });
});
