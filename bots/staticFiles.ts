// The pages the bot serves (web chat, advisors' console, dashboard): files read once at start-up, sent
// with an ETag so that a browser that has them gets a 304.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Request, Response } from 'restify';

export interface StaticFile {
  body: Buffer;
  type: string;
  etag: string;
}

export const TYPES = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
} as const;

export function staticFile(body: Buffer, type: string, etag = `"${createHash('sha1').update(body).digest('base64url')}"`): StaticFile {
  return { body, type, etag };
}

export function sendFile(req: Request, res: Response, file: StaticFile, headers: Record<string, string>): void {
  const common = { ETag: file.etag, 'X-Content-Type-Options': 'nosniff', ...headers };
  if (req.header('if-none-match') === file.etag) {
    res.writeHead(304, common);
    res.end();
    return;
  }
  res.writeHead(200, { ...common, 'Content-Type': file.type, 'Content-Length': String(file.body.length) });
  res.end(file.body);
}

/**
 * The files of a page's public/ folder, beside its module: `bots/<page>/public`. From the compiled
 * dist/bots/<page>/, the sources' folder is read (tsc copies no HTML).
 */
export function publicFiles(moduleDir: string, page: string): (name: string, type: string) => StaticFile {
  const candidates = [path.join(moduleDir, 'public'), path.resolve(moduleDir, `../../../bots/${page}/public`)];
  const dir = candidates.find((candidate) => existsSync(path.join(candidate, 'index.html')));
  if (!dir) throw new Error(`${page} page not found (looked in ${candidates.join(', ')})`);
  return (name, type) => staticFile(readFileSync(path.join(dir, name)), type);
}
