// Talks to the bot's own Direct Line endpoint over real HTTP, as Web Chat's DirectLineJS does when
// polling: a token, the conversation started, activities posted, polls from the last watermark.
import type { Activity } from 'botbuilder';

export interface Conversation {
  conversationId: string;
  token: string;
  expires_in: number;
}

/** One call to the endpoint; the JSON body (or null) with the status and headers. */
export async function call(
  baseUrl: string,
  method: string,
  path: string,
  { token, body, headers = {} }: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await fetch(`${baseUrl}/v3/directline${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}

/** The person's id the token carries (Web Chat reads it the same way, without the key). */
export function userIdOf(token: string): string {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')).user;
}

export class DirectLineClient {
  watermark = '';

  private constructor(
    readonly baseUrl: string,
    public token: string,
    readonly conversationId: string,
  ) {}

  /** A token from /tokens/generate, then the conversation started with it (the bot greets). */
  static async start(baseUrl: string): Promise<DirectLineClient> {
    const generated = await call(baseUrl, 'POST', '/tokens/generate');
    if (generated.status !== 200) throw new Error(`tokens/generate answered ${generated.status}`);
    const started = await call(baseUrl, 'POST', '/conversations', { token: generated.body.token, body: { user: {}, locale: 'fr-FR' } });
    if (started.status !== 201) throw new Error(`conversations answered ${started.status}`);
    return new DirectLineClient(baseUrl, started.body.token, started.body.conversationId);
  }

  /** The same conversation through another server (another instance), with this token. */
  on(baseUrl: string): DirectLineClient {
    const other = new DirectLineClient(baseUrl, this.token, this.conversationId);
    other.watermark = this.watermark;
    return other;
  }

  get userId(): string {
    return userIdOf(this.token);
  }

  /** Posts an activity as Web Chat does; resolves with the endpoint's answer once the bot has answered. */
  post(activity: Record<string, unknown>) {
    return call(this.baseUrl, 'POST', `/conversations/${this.conversationId}/activities`, { token: this.token, body: activity });
  }

  /** Posts a message and returns its id. */
  async say(text: string, extra: Record<string, unknown> = {}): Promise<string> {
    const answer = await this.post({ type: 'message', text, from: { id: this.userId, role: 'user' }, ...extra });
    if (answer.status !== 200) throw new Error(`posting answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body.id;
  }

  /** What happened since the last poll; moves the watermark on. */
  async poll(): Promise<Activity[]> {
    const answer = await call(this.baseUrl, 'GET', `/conversations/${this.conversationId}/activities?watermark=${this.watermark}`, { token: this.token });
    if (answer.status !== 200) throw new Error(`polling answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    expect(typeof answer.body.watermark).toBe('string');
    if (answer.body.watermark) this.watermark = answer.body.watermark;
    return answer.body.activities;
  }

  /** The texts of the bot's messages since the last poll. */
  async botSays(): Promise<string[]> {
    return (await this.poll()).filter((a) => a.from.role === 'bot' && a.type === 'message').map((a) => a.text ?? '');
  }
}
