// The chat page at `/`: Microsoft's Web Chat, served by the bot itself (no CDN), on the bot's own
// Direct Line (bots/directline/). Its files live in ./public; webchat.js comes from node_modules.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Server } from 'restify';
import { publicFiles, sendFile as send, TYPES, type StaticFile } from '../staticFiles';

const gzipAsync = promisify(gzip);

// The page may be framed by any site (the iframe embed); it loads and connects only to this server.
// Web Chat styles itself with inline <style> elements, hence 'unsafe-inline' for styles only.
const PAGE_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  'frame-ancestors *',
].join('; ');

/** webchat.js does not change between two releases of the package: browsers keep it a week, then revalidate. */
const BUNDLE_MAX_AGE = 7 * 24 * 60 * 60;

export function registerWebChat(server: Server): void {
  const file = publicFiles(__dirname, 'webchat');
  const page = file('index.html', TYPES.html);
  const assets: Record<string, StaticFile> = {
    'chat.js': file('chat.js', TYPES.js),
    'chat.css': file('chat.css', TYPES.css),
  };

  server.get('/', async (req, res) => {
    send(req, res, page, { 'Cache-Control': 'no-cache', 'Content-Security-Policy': PAGE_POLICY, 'Referrer-Policy': 'no-referrer' });
  });
  server.get('/webchat/chat.js', async (req, res) => send(req, res, assets['chat.js'], { 'Cache-Control': 'no-cache' }));
  server.get('/webchat/chat.css', async (req, res) => send(req, res, assets['chat.css'], { 'Cache-Control': 'no-cache' }));

  const bundle = webChatBundle();
  server.get('/webchat/webchat.js', async (req, res) => {
    const gzipped = /\bgzip\b/.test(req.header('accept-encoding') ?? '');
    const etag = `"webchat-${bundle.version}${gzipped ? '-gz' : ''}"`;
    // A browser that has it does not wait for the bundle to be read.
    const body = req.header('if-none-match') === etag ? Buffer.alloc(0) : await (gzipped ? bundle.gzipped() : bundle.plain());
    send(req, res, { body, type: TYPES.js, etag }, {
      'Cache-Control': `public, max-age=${BUNDLE_MAX_AGE}`,
      Vary: 'Accept-Encoding',
      ...(gzipped ? { 'Content-Encoding': 'gzip' } : {}),
    });
  });
}

/** Web Chat's prebuilt bundle (window.WebChat), read and compressed on first request, then kept in memory. */
function webChatBundle() {
  // The package's exports name only its entry point (lib/index.js): dist/ is found beside it.
  const packageDir = path.dirname(path.dirname(require.resolve('botframework-webchat')));
  const file = path.join(packageDir, 'dist', 'webchat.js');
  const { version } = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string };
  let plain: Promise<Buffer> | undefined;
  let gzipped: Promise<Buffer> | undefined;
  return {
    version,
    plain: () => (plain ??= readFile(file)),
    gzipped: () => (gzipped ??= readFile(file).then((body) => gzipAsync(body))),
  };
}
