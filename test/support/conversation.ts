// Talks to a running bot over real HTTP as a channel would: activities POSTed to /api/messages,
// replies received by a local Bot Framework connector.
import { randomUUID } from 'node:crypto';
import type { Activity } from 'botbuilder';
import { LocalConnector, postActivity } from '../../bots/localConnector';

export interface Reply {
  text: string;
  actions: string[];
}

export class Conversation {
  readonly id: string;
  readonly userId: string;
  readonly channelId: string;

  constructor(
    private readonly botUrl: string,
    private readonly connector: LocalConnector,
    ids: { id?: string; userId?: string; channelId?: string } = {},
  ) {
    this.id = ids.id ?? `conv-${randomUUID()}`;
    this.userId = ids.userId ?? `user-${randomUUID()}`;
    this.channelId = ids.channelId ?? 'test';
  }

  /** The person opens the chat (web chat and the Emulator announce the user joining). */
  join(): Promise<Reply[]> {
    return this.send({ type: 'conversationUpdate', membersAdded: [{ id: this.userId, name: 'Vous' }] });
  }

  say(text: string): Promise<Reply[]> {
    return this.send({ type: 'message', text });
  }

  /** Sends without waiting for the turn to finish: for concurrency tests. */
  post(text: string, botUrl = this.botUrl): Promise<number> {
    return postActivity(botUrl, this.activity({ type: 'message', text }));
  }

  /** Every message the bot sent in this conversation so far. */
  replies(): Reply[] {
    return this.connector.messages(this.id).map(toReply);
  }

  /** Sends any activity of this conversation (the text and extra fields a channel adds). */
  async send(activity: Partial<Activity>): Promise<Reply[]> {
    const before = this.connector.messages(this.id).length;
    const status = await postActivity(this.botUrl, this.activity(activity));
    if (status >= 300) throw new Error(`the bot answered HTTP ${status}`);
    return this.connector.messages(this.id).slice(before).map(toReply);
  }

  /** An activity of this conversation, from the person to the bot, with the given fields. */
  activity(activity: Partial<Activity>): Partial<Activity> {
    return {
      channelId: this.channelId,
      serviceUrl: this.connector.url,
      from: { id: this.userId, name: 'Vous' },
      recipient: { id: 'blablaform', name: 'BlablaForm' },
      conversation: { id: this.id } as Activity['conversation'],
      locale: 'fr-FR',
      ...activity,
    };
  }
}

function toReply(activity: Activity): Reply {
  return { text: activity.text ?? '', actions: (activity.suggestedActions?.actions ?? []).map((a) => String(a.title ?? a.value)) };
}

/** A turn of a conversation table: what the person says, and what each reply must contain (in order). */
export type Turn = [says: string, replies: (string | RegExp)[], actions?: string[]];

/** Anyone the person can talk to the bot through: this HTTP conversation, or another channel's client. */
export interface Chat {
  say(text: string): Promise<Reply[]>;
}

/** Plays a conversation table; every reply must match its expectation, and no extra reply may come. */
export async function play(conversation: Chat, turns: Turn[]): Promise<void> {
  for (const [says, expected, actions] of turns) {
    const replies = await conversation.say(says);
    const texts = replies.map((r) => r.text);
    try {
      expect(texts).toHaveLength(expected.length);
      expected.forEach((e, i) => (typeof e === 'string' ? expect(texts[i]).toContain(e) : expect(texts[i]).toMatch(e)));
      if (actions) expect(replies[replies.length - 1].actions).toEqual(actions);
    } catch (err) {
      (err as Error).message = `after « ${says} », the bot said:\n${texts.map((t) => `  « ${t} »`).join('\n')}\n\n${(err as Error).message}`;
      throw err;
    }
  }
}
