// A minimal Bot Framework connector on this machine: it receives the bot's replies
// (POST /v3/conversations/{conversationId}/activities[/{activityId}]) as Azure Bot Service would.
// The terminal chat talks to the bot through it; tests use it as the channel side of the protocol.
import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Activity } from 'botbuilder';

const REPLY_PATH = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/;

export class LocalConnector extends EventEmitter {
  /** Every activity received, in arrival order. */
  readonly received: Activity[] = [];
  private server?: Server;
  url = '';

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const match = req.method === 'POST' ? REPLY_PATH.exec(req.url ?? '') : null;
      // restify patches http.ServerResponse in this process (writeHead no longer returns `res`): keep calls separate.
      const reply = (status: number, body = '') => {
        res.statusCode = status;
        if (body) res.setHeader('content-type', 'application/json');
        res.end(body);
      };
      if (!match) return reply(404);
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        let activity: Activity;
        try {
          activity = JSON.parse(body);
        } catch {
          return reply(400);
        }
        activity.conversation ??= { id: decodeURIComponent(match[1]) } as Activity['conversation'];
        this.received.push(activity);
        this.emit('activity', activity);
        reply(200, JSON.stringify({ id: randomUUID() }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    return this.url;
  }

  /** The messages received for one conversation. */
  messages(conversationId: string): Activity[] {
    return this.received.filter((a) => a.type === 'message' && a.conversation?.id === conversationId);
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}

/** Sends one activity to a bot's /api/messages as a channel would; resolves when the bot has finished the turn. */
export async function postActivity(botUrl: string, activity: Partial<Activity>): Promise<number> {
  const response = await fetch(`${botUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: randomUUID(), timestamp: new Date().toISOString(), ...activity }),
  });
  await response.arrayBuffer();
  return response.status;
}
