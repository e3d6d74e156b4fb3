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
   * Saves the latest reference of a conversation, filed under the person's pseudonym (`userId`; the
   * reference's own user id when not given). The person just wrote, so they can be reached again.
   */
  async remember(reference: Partial<ConversationReference>, personId?: string): Promise<void> {
    const channelId = reference.channelId;
    const conversationId = reference.conversation?.id;
    if (!channelId || !conversationId) throw new Error('conversation reference without channelId or conversation.id');
    const userId = personId ?? reference.user?.id ?? '';
    const json = JSON.parse(JSON.stringify(reference));
    await this.prisma.conversationReference.upsert({
      where: { channelId_conversationId: { channelId, conversationId } },
      create: { channelId, conversationId, userId, reference: json },
      update: { userId, reference: json, unreachable: false },
    });
  }

  async find(channelId: string, conversationId: string): Promise<StoredReference | undefined> {
    const row = await this.prisma.conversationReference.findUnique({ where: { channelId_conversationId: { channelId, conversationId } } });
    return row ? { ...row, reference: row.reference as Partial<ConversationReference> } : undefined;
  }

  /** Returns false when the conversation was never seen. */
  async markUnreachable(channelId: string, conversationId: string): Promise<boolean> {
    const { count } = await this.prisma.conversationReference.updateMany({ where: { channelId, conversationId }, data: { unreachable: true } });
    return count > 0;
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
