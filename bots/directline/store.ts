// The activities of each Direct Line conversation, in the database, so that any instance can answer
// "what happened since watermark N". The watermark is the id of the last row returned. Writes of one
// conversation happen inside its turns, one turn at a time (the turn lock), so its rows commit in id
// order and a poll never skips one that commits later with a smaller id.
import type { Activity } from 'botbuilder';
import type { Prisma } from '../../services/database';
import { storableJson } from '../inputLimits';

/** Stored after an erasure turn, by the server only (the page cannot post as the bot); never shown. */
const ERASED = { type: 'event', name: 'blablaform/erased', from: { id: 'blablaform', role: 'bot' } } as const;
const isErasedMarker = (activity: unknown) => {
  const a = activity as { type?: string; name?: string; from?: { role?: string } };
  return a.type === ERASED.type && a.name === ERASED.name && a.from?.role === ERASED.from.role;
};

/** Most activities returned by one poll; the client asks again from the new watermark. */
const PAGE_SIZE = 100;

export interface ActivityPage {
  activities: Activity[];
  /** The id of the last row returned; the watermark given when nothing is new. */
  watermark?: string;
}

export class DirectLineStore {
  constructor(private readonly prisma: Prisma) {}

  /** Stores an activity (without its id: the row gives it) and returns its id. */
  async append(conversationId: string, activity: Partial<Activity>): Promise<string> {
    const { id: _id, ...rest } = activity;
    // What the page sent beside the text (a card's values, channel data) reaches here as it was: jsonb
    // refuses NUL and lone surrogates anywhere in it.
    const row = await this.prisma.directLineActivity.create({
      data: { conversationId, activity: storableJson(rest) },
      select: { id: true },
    });
    return activityId(conversationId, row.id);
  }

  /** The activities after the watermark (all of them without one), oldest first. */
  async since(conversationId: string, watermark: bigint | undefined): Promise<ActivityPage> {
    const rows = await this.prisma.directLineActivity.findMany({
      where: { conversationId, ...(watermark === undefined ? {} : { id: { gt: watermark } }) },
      orderBy: { id: 'asc' },
      take: PAGE_SIZE,
    });
    // The page now has the answer to its erasure request: the last rows of the conversation go too.
    const erasedUpTo = rows.filter((row) => isErasedMarker(row.activity)).at(-1)?.id;
    if (erasedUpTo !== undefined) await this.prisma.directLineActivity.deleteMany({ where: { conversationId, id: { lte: erasedUpTo } } });
    const activities = rows
      .filter((row) => !isErasedMarker(row.activity))
      .map((row) => ({ ...(row.activity as object), id: activityId(conversationId, row.id) }) as Activity);
    const last = rows.at(-1)?.id ?? watermark;
    return { activities, watermark: last === undefined ? undefined : String(last) };
  }

  async hasActivities(conversationId: string): Promise<boolean> {
    return (await this.prisma.directLineActivity.findFirst({ where: { conversationId }, select: { id: true } })) !== null;
  }

  /**
   * After a turn that erased the person's data (« supprimer mes données », an under-15's search ended):
   * what came before the message of that turn goes now; that message and the bot's answer stay until the
   * page has read them (it must see the answer), then go on that poll.
   */
  async eraseConversationAfterThisTurn(conversationId: string, messageId: string): Promise<void> {
    const row = BigInt(messageId.slice(messageId.lastIndexOf('|') + 1));
    await this.prisma.directLineActivity.deleteMany({ where: { conversationId, id: { lt: row } } });
    await this.prisma.directLineActivity.create({ data: { conversationId, activity: ERASED } });
  }

  /** Erasure: every activity of these conversations (they hold what the person wrote and was told). */
  async eraseConversations(conversationIds: string[]): Promise<number> {
    if (conversationIds.length === 0) return 0;
    const { count } = await this.prisma.directLineActivity.deleteMany({ where: { conversationId: { in: conversationIds } } });
    return count;
  }

  /** Retention: the conversations whose last activity is older than `before`, whole. */
  purgeInactiveSince(before: Date): Promise<number> {
    return this.prisma.$executeRaw`
      DELETE FROM directline_activity
      WHERE conversation_id IN (
        SELECT conversation_id FROM directline_activity GROUP BY conversation_id HAVING max(created_at) < ${before})`;
  }
}

/** Like Azure's: the conversation, then the row's number. */
function activityId(conversationId: string, rowId: bigint): string {
  return `${conversationId}|${String(rowId).padStart(7, '0')}`;
}
