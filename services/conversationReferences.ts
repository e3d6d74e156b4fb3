// Where each conversation can be reached later, on any channel: what a proactive message (an advisor's
// answer, a notification) needs long after the person's last message.
import type { ConversationReference } from 'botbuilder';
import type { Prisma } from './database';
import type { Person } from './transcript';

export interface StoredReference {
  channelId: string;
  conversationId: string;
  userId: string;
  reference: Partial<ConversationReference>;
  /** The channel refused delivery for good (a Telegram user who blocked the bot). */
  unreachable: boolean;
  updatedAt: Date;
}

export class ConversationReferences {
  constructor(private readonly prisma: Prisma) {}

  /**
   * Saves the latest reference of a conversation. It holds the channel's real ids; it is filed under
   * the ids the rest of the application knows the conversation and the person by (their pseudonyms),
   * or the reference's own when none are given. The person just wrote, so they can be reached again.
   */
  async remember(reference: Partial<ConversationReference>, filedAs: { conversationId?: string; userId?: string } = {}): Promise<void> {
    const channelId = reference.channelId;
    const conversationId = filedAs.conversationId ?? reference.conversation?.id;
    if (!channelId || !conversationId) throw new Error('conversation reference without channelId or conversation.id');
    const userId = filedAs.userId ?? reference.user?.id ?? '';
    // In SQL: it runs on every message, and Prisma's upsert spends more than twice the CPU on the same
    // statement (npm run bench:turns).
    const now = new Date();
    await this.prisma.$executeRaw`
      INSERT INTO conversation_reference (channel_id, conversation_id, user_id, reference, unreachable, updated_at)
      VALUES (${channelId}, ${conversationId}, ${userId}, ${JSON.stringify(reference)}::jsonb, false, ${now})
      ON CONFLICT (channel_id, conversation_id)
      DO UPDATE SET user_id = EXCLUDED.user_id, reference = EXCLUDED.reference, unreachable = false, updated_at = EXCLUDED.updated_at`;
  }

  async find(channelId: string, conversationId: string): Promise<StoredReference | undefined> {
    const row = await this.prisma.conversationReference.findUnique({ where: { channelId_conversationId: { channelId, conversationId } } });
    return row ? { ...row, reference: row.reference as Partial<ConversationReference> } : undefined;
  }

  /** By the channel's own conversation id (a Telegram chat that blocked the bot). Returns false when the conversation was never seen. */
  async markUnreachable(channelId: string, channelConversationId: string): Promise<boolean> {
    const { count } = await this.prisma.conversationReference.updateMany({
      where: { channelId, reference: { path: ['conversation', 'id'], equals: channelConversationId } },
      data: { unreachable: true },
    });
    return count > 0;
  }

  /** The channel's own ids of a person's conversations (what a channel's outbox knows them by). */
  async channelConversationIds(person: Person): Promise<string[]> {
    const rows = await this.prisma.conversationReference.findMany({ where: person, select: { reference: true } });
    return rows.map((row) => (row.reference as Partial<ConversationReference>).conversation?.id).filter((id): id is string => !!id);
  }

  async eraseFor(person: Person): Promise<number> {
    const { count } = await this.prisma.conversationReference.deleteMany({ where: person });
    return count;
  }

  /** For the retention purge: references of conversations where nobody wrote since `before`. */
  async purgeInactiveSince(before: Date): Promise<number> {
    const { count } = await this.prisma.conversationReference.deleteMany({ where: { updatedAt: { lt: before } } });
    return count;
  }
}
