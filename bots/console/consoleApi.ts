// The advisors' console at /console: one page (./public) and the JSON API it calls, every call behind an
// advisor's session (./auth.ts). What changes in the queue is pushed to open pages as server-sent events,
// so a conversation appears, is taken or gets a dialog's result without anyone reloading.
import type { Request, Response, Server } from 'restify';
import { ApiError, readJson, route } from '../api/http';
import { cleanText } from '../inputLimits';
import type { AdvisorDesk, AdvisorIdentity, DeskResult } from '../handoff/desk';
import { GUIDED_DIALOGS, type GuidedDialog, type QueuedHandoff } from '../../services/handoff/handoffs';
import type { HandoffChange, HandoffEvents } from '../../services/handoff/events';
import type { Logger } from '../../services/logger';
import type { RequireAdvisor } from './auth';
import { publicFiles, sendFile as sendStatic, staticFile, TYPES, type StaticFile } from '../staticFiles';

// The page holds people's messages and acts for an advisor: it loads and talks to this server only,
// and no other site may frame it (clickjacking a « Clore »).
const PAGE_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

const PAGE_HEADERS = {
  'Cache-Control': 'no-cache',
  'Content-Security-Policy': PAGE_POLICY,
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

const ICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#0b5cad"/>' +
  '<text x="16" y="23" font-family="Arial, sans-serif" font-size="20" font-weight="700" fill="#fff" text-anchor="middle">B</text></svg>';

const BODY_LIMIT = 16 * 1024;
const TEXT_LIMIT = 4_000;
/** Proxies close a connection that stays silent for a minute or so: a comment line keeps it open. */
const PING_MS = 25_000;

export interface ConsoleOptions {
  desk: AdvisorDesk;
  events: HandoffEvents;
  requireAdvisor: RequireAdvisor;
  logger: Logger;
}

export interface ConsoleRoutes {
  /** Ends the open event streams: call it before closing the HTTP server, which would otherwise wait for them. */
  close(): void;
}

export function registerConsole(server: Server, { desk, events, requireAdvisor, logger }: ConsoleOptions): ConsoleRoutes {
  const file = publicFiles(__dirname, 'console');
  const page = file('index.html', TYPES.html);
  const script = file('console.js', TYPES.js);
  // Shared with the dashboard (bots/dashboard/): how both pages call the server, and their common styles.
  const serverScript = file('server.js', TYPES.js);
  const staffStyle = file('staff.css', TYPES.css);
  const style = file('console.css', TYPES.css);
  // Without an icon of its own, the browser asks for /favicon.ico and logs a 404.
  const icon = staticFile(Buffer.from(ICON), TYPES.svg);
  server.get('/console', async (req, res) => sendFile(req, res, page));
  server.get('/console/', async (req, res) => sendFile(req, res, page));
  server.get('/console/console.js', async (req, res) => sendFile(req, res, script));
  server.get('/console/server.js', async (req, res) => sendFile(req, res, serverScript));
  server.get('/console/staff.css', async (req, res) => sendFile(req, res, staffStyle));
  server.get('/console/console.css', async (req, res) => sendFile(req, res, style));
  server.get('/console/favicon.svg', async (req, res) => sendFile(req, res, icon));

  /** A route of the API: never cached, refused (and logged) by `route` when it throws an ApiError. */
  const api = (handler: (req: Request, res: Response) => Promise<void>) =>
    route(async (req, res) => {
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      await handler(req, res);
    }, logger);
  const signedIn = async (req: Request, csrf = false): Promise<AdvisorIdentity> => {
    const { advisor } = await requireAdvisor(req, { role: 'ADVISOR', csrf });
    return { id: advisor.id, name: advisor.name };
  };
  /** A desk action on the conversation of the URL, by the advisor signed in; its refusal becomes the answer. */
  const action = (act: (id: string, advisor: AdvisorIdentity, body: () => Promise<unknown>) => Promise<DeskResult>) =>
    api(async (req, res) => {
      const advisor = await signedIn(req, true);
      const result = await act(String(req.params.id), advisor, () => readJson(req, BODY_LIMIT));
      if (!result.ok) throw new ApiError(result.status, result.message);
      res.json(200, { ok: true });
    });

  server.get(
    '/console/api/queue',
    api(async (req, res) => {
      const advisor = await signedIn(req);
      const now = Date.now();
      res.json(200, { conversations: (await desk.queue()).map((q) => queueItem(q, advisor, now)) });
    }),
  );

  server.get(
    '/console/api/conversations/:id',
    api(async (req, res) => {
      const advisor = await signedIn(req);
      const view = await desk.conversation(String(req.params.id));
      if (!view) throw new ApiError(404, 'Conversation introuvable.');
      const lastIn = view.transcript.filter((line) => line.direction === 'IN').at(-1);
      const queued: QueuedHandoff = {
        ...view.handoff,
        advisorName: view.advisorName,
        lastMessage: lastIn ? { text: lastIn.text, at: lastIn.createdAt } : null,
      };
      res.json(200, {
        handoff: { ...queueItem(queued, advisor, Date.now()), summary: view.handoff.summary, returnToAdvisor: view.handoff.returnToAdvisor },
        transcript: view.transcript.map((line) => ({ direction: line.direction, text: line.text, author: line.author ?? null, at: line.createdAt })),
        notes: view.notes.map((note) => ({ kind: note.kind, author: note.author, text: note.text, at: note.createdAt })),
      });
    }),
  );

  server.post('/console/api/conversations/:id/take', action((id, advisor) => desk.take(id, advisor)));
  server.post('/console/api/conversations/:id/reply', action(async (id, advisor, body) => desk.reply(id, advisor, textOf(await body()))));
  server.post('/console/api/conversations/:id/notes', action(async (id, advisor, body) => desk.note(id, advisor, textOf(await body()))));
  server.post('/console/api/conversations/:id/hand-back', action((id, advisor) => desk.handBack(id, advisor)));
  server.post(
    '/console/api/conversations/:id/dialog',
    action(async (id, advisor, body) => {
      const { dialog, returnToAdvisor } = dialogOf(await body());
      return desk.handToDialog(id, advisor, dialog, returnToAdvisor);
    }),
  );
  server.post('/console/api/conversations/:id/close', action((id, advisor) => desk.close(id, advisor)));

  const streams = new Set<() => void>();
  server.get(
    '/console/api/events',
    api(async (req, res) => {
      await signedIn(req);
      openStream(res, events, streams);
    }),
  );

  return {
    close() {
      for (const end of [...streams]) end();
    },
  };
}

/**
 * Server-sent events on the node response itself, its head written before the handler returns (restify
 * then neither formats nor ends it). The stream stays in `open` until the page leaves or the server closes.
 */
function openStream(res: Response, events: HandoffEvents, open: Set<() => void>): void {
  // No timeout may cut a stream that is silent between two pings.
  res.setTimeout(0);
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Accel-Buffering': 'no',
    'X-Content-Type-Options': 'nosniff',
  });
  res.write(': connecté\n\n');
  const unsubscribe = events.subscribe(({ handoffId, kind }: HandoffChange) => {
    res.write(`event: change\ndata: ${JSON.stringify({ handoffId, kind })}\n\n`);
  });
  const ping = setInterval(() => res.write(': ping\n\n'), PING_MS);
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    clearInterval(ping);
    unsubscribe();
    open.delete(end);
    if (!res.writableEnded) res.end();
  };
  open.add(end);
  res.once('close', end);
}

function queueItem(q: QueuedHandoff, advisor: AdvisorIdentity, now: number) {
  return {
    id: q.id,
    channelId: q.channelId,
    status: q.status,
    reason: q.reason,
    detail: q.detail,
    requestedAt: q.requestedAt,
    waitingSeconds: Math.max(0, Math.floor((now - q.requestedAt.getTime()) / 1000)),
    advisorName: q.advisorName,
    mine: q.advisorId !== null && q.advisorId === advisor.id,
    botContinues: q.botContinues,
    external: q.external,
    dialog: q.dialog,
    lastMessage: q.lastMessage,
  };
}

/**
 * The text of a reply or a note: what the advisor typed, trimmed, within what a channel delivers, and
 * cleaned as a person's messages are (bots/inputLimits.ts: the database refuses NUL, and hidden
 * characters would show the person something else than the console did).
 */
function textOf(body: unknown): string {
  const raw = (body as { text?: unknown } | null)?.text;
  const text = typeof raw === 'string' ? cleanText(raw).trim() : '';
  if (!text) throw new ApiError(400, 'Texte manquant : envoyez {"text": "…"} avec un texte non vide.');
  if ([...text].length > TEXT_LIMIT) throw new ApiError(400, `Texte trop long : ${TEXT_LIMIT} caractères au plus.`);
  return text;
}

function dialogOf(body: unknown): { dialog: GuidedDialog; returnToAdvisor: boolean } {
  const { dialog, returnToAdvisor } = (body ?? {}) as { dialog?: unknown; returnToAdvisor?: unknown };
  if (!GUIDED_DIALOGS.includes(dialog as GuidedDialog)) {
    throw new ApiError(400, `Dialogue inconnu : choisissez parmi ${GUIDED_DIALOGS.join(', ')}.`);
  }
  if (typeof returnToAdvisor !== 'boolean') throw new ApiError(400, 'Champ returnToAdvisor manquant : true ou false.');
  return { dialog: dialog as GuidedDialog, returnToAdvisor };
}

function sendFile(req: Request, res: Response, file: StaticFile): void {
  sendStatic(req, res, file, PAGE_HEADERS);
}
