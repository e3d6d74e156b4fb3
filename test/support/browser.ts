// Headless Chromium for the browser tests (Debian's, installed by .ci/run): a fresh profile per suite,
// and every page error, console error and alert the page raises collected, so that a test can require none.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
/** Screenshots, kept after the run (git-ignored). */
export const ARTIFACTS = path.join(__dirname, '..', 'artifacts');

/** The browser suites skip themselves where Chromium is not installed, so that `npm test` needs nothing else. */
export const describeWithChromium = existsSync(CHROMIUM) ? describe : describe.skip;

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** What went wrong in the page so far: page errors, console errors, alerts (dismissed). */
  problems: string[];
  close(): Promise<void>;
}

export async function openBrowser(
  options: Parameters<typeof chromium.launchPersistentContext>[1] = {},
  /** Console errors that are expected (a 401 asking whether a session is open). */
  expected: (message: ConsoleMessage) => boolean = () => false,
): Promise<Browser> {
  const profile = mkdtempSync(path.join(tmpdir(), 'blablaform-chromium-'));
  mkdirSync(ARTIFACTS, { recursive: true });
  // A fresh profile each run; playwright takes it as the persistent context's directory (--user-data-dir).
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: FLAGS, headless: true, locale: 'fr-FR', ...options });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !expected(message)) problems.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return {
    context,
    page,
    problems,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
