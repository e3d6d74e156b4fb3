// Runs the real entry point (`npm start` is `tsx index.ts`) as a child process.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

export interface BotProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

/**
 * Node flags that run a TypeScript file in this very process (as `npm start` does): signals reach the
 * program itself. The preload starts new embedded databases from the tests' empty one (childTemplate.js).
 */
export const RUN_TS = ['--disable-warning=DEP0111', '--import', 'tsx', '--require', path.join(__dirname, 'childTemplate.js')];

/** What a test's child process needs from the test run's environment, besides its own settings. */
export const CHILD_ENV = {
  PATH: process.env.PATH,
  ...(process.env.BLABLAFORM_TEST_EMPTY_PGLITE ? { BLABLAFORM_TEST_EMPTY_PGLITE: process.env.BLABLAFORM_TEST_EMPTY_PGLITE } : {}),
};

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts `index.ts` with the given environment; resolves once it says it is ready, or when it exits. */
export async function runIndex(env: Record<string, string>): Promise<BotProcess & { ready: boolean }> {
  const child = spawn(process.execPath, [...RUN_TS, 'index.ts'], {
    env: { ...CHILD_ENV, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise<boolean>((resolve) => {
    const collect = (d: Buffer) => {
      output += d;
      if (/BlablaForm est prêt/.test(output)) resolve(true);
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    child.once('close', () => resolve(false));
  });
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { child, url: `http://127.0.0.1:${env.PORT}`, output: () => output, exited, ready: await ready };
}
