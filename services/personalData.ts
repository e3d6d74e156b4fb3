// What we keep about a person, and how it goes away: on request ("supprimer mes données")
// and after RETENTION_DAYS without activity (the privacy notice promises both).
import type { Storage } from 'botbuilder';
import type { Prisma } from './database';
import type { Person, TranscriptStore } from './transcript';
import type { NeedsStore } from './needs';
import type { ConversationReferences } from './conversationReferences';
import type { Handoffs } from './handoff/handoffs';

// botbuilder's UserState and ConversationState keys (namespace ''), see their getStorageKey.
export const userStateKey = (p: Person) => `${p.channelId}/users/${p.userId}/`;
export const conversationStateKey = (channelId: string, conversationId: string) => `${channelId}/conversations/${conversationId}/`;

/** What is stored about a person, for the right of access (« mes données »). */
export interface PersonalReport {
  profile: { role?: string } | null;
  messages: { count: number; conversations: number; first: Date | null; last: Date | null; recent: { direction: 'IN' | 'OUT'; text: string; at: Date }[] };
  needs: { description: string; occupation: string; headcount: number; deadline: string | null; commune: string; status: string; consent: boolean; recordedAt: Date; invitation: 'YES' | 'NO' | 'pending' | null }[];
  companies: { name: string | null; size: string | null; sector: string | null; contact: string | null }[];
  handoffs: { status: string; reason: string; requestedAt: Date; notes: { author: string; text: string; at: Date }[] }[];
}

const RECENT_MESSAGES = 10;

export class PersonalData {
  constructor(
    private readonly prisma: Prisma,
    private readonly storage: Storage,
    private readonly transcript: TranscriptStore,
    private readonly needs: NeedsStore,
    private readonly references: ConversationReferences,
    private readonly handoffs: Handoffs,
  ) {}

  /**
   * Erases the person's profile, the state of their conversations, every message they sent or received,
   * where to reach them again, and their conversations with advisors (queue entries and advisors' notes).
   * Their needs stay, detached from them, as part of the demand the Métropole measures.
   */
  async erase(person: Person, currentConversationId?: string): Promise<void> {
    const conversations = new Set([...(currentConversationId ? [currentConversationId] : []), ...(await this.transcript.conversationsOf(person))]);
    // Replies still waiting for Telegram (bots/telegram/outbox.ts) are filed under the chat's own id.
    if (person.channelId === 'telegram') {
      const chats = await this.references.channelConversationIds(person);
      await this.prisma.telegramOutbox.deleteMany({ where: { chatId: { in: chats } } });
    }
    await this.storage.delete([userStateKey(person), ...[...conversations].map((c) => conversationStateKey(person.channelId, c))]);
    await this.transcript.eraseFor(person);
    await this.references.eraseFor(person);
    await this.handoffs.eraseConversations(person.channelId, [...conversations]);
    await this.needs.detachPerson(person);
    await this.prisma.minorConversation.deleteMany({ where: person });
  }

  /** Someone under 15 is in this conversation: it will be erased once it ends (purgeEndedMinorConversations). */
  async markMinor(person: Person, conversationId: string): Promise<void> {
    const key = { channelId: person.channelId, conversationId };
    await this.prisma.minorConversation.upsert({ where: { channelId_conversationId: key }, create: { ...key, userId: person.userId }, update: {} });
  }

  /**
   * Erases everyone under 15 whose conversation ended, finished or not: no message in or out since
   * `endedBefore` (and none since they said their age). Returns how many people were erased.
   */
  async purgeEndedMinorConversations(endedBefore: Date): Promise<number> {
    const ended = await this.prisma.$queryRaw<{ channel_id: string; conversation_id: string; user_id: string }[]>`
      SELECT m.channel_id, m.conversation_id, m.user_id FROM minor_conversation m
      WHERE m.marked_at < ${endedBefore}
        AND NOT EXISTS (
          SELECT 1 FROM transcript_entry t
          WHERE t.channel_id = m.channel_id AND t.conversation_id = m.conversation_id AND t.created_at >= ${endedBefore})`;
    for (const row of ended) await this.erase({ channelId: row.channel_id, userId: row.user_id }, row.conversation_id);
    return ended.length;
  }

  /**
   * Erases, as « supprimer mes données » would, everyone who wrote nothing since `before`: profile,
   * conversations, messages, where to reach them, their handoffs; their needs stay, detached from them.
   * People who recorded a need long ago and have no message left are detached too.
   */
  async purgeInactivePeople(before: Date): Promise<number> {
    const silent = await this.prisma.$queryRaw<{ channel_id: string; user_id: string }[]>`
      SELECT channel_id, user_id FROM transcript_entry GROUP BY channel_id, user_id HAVING max(created_at) < ${before}`;
    for (const row of silent) await this.erase({ channelId: row.channel_id, userId: row.user_id });
    const orphans = await this.prisma.$queryRaw<{ channel_id: string; user_id: string }[]>`
      SELECT channel_id, user_id FROM need n
      WHERE n.user_id IS NOT NULL AND n.updated_at < ${before}
        AND NOT EXISTS (SELECT 1 FROM transcript_entry t WHERE t.channel_id = n.channel_id AND t.user_id = n.user_id)
      UNION
      SELECT channel_id, user_id FROM company c
      WHERE c.user_id IS NOT NULL AND c.updated_at < ${before}
        AND NOT EXISTS (SELECT 1 FROM transcript_entry t WHERE t.channel_id = c.channel_id AND t.user_id = c.user_id)`;
    for (const row of orphans) await this.needs.detachPerson({ channelId: row.channel_id, userId: row.user_id });
    return silent.length + orphans.length;
  }

  /** Everything stored about the person, on every conversation they had on this channel. */
  async report(person: Person): Promise<PersonalReport> {
    const where = { channelId: person.channelId, userId: person.userId };
    const [profileItem, count, first, recent, conversations, needs, companies] = await Promise.all([
      this.storage.read([userStateKey(person)]),
      this.prisma.transcriptEntry.count({ where }),
      this.prisma.transcriptEntry.findFirst({ where, orderBy: { id: 'asc' }, select: { createdAt: true } }),
      this.prisma.transcriptEntry.findMany({ where, orderBy: { id: 'desc' }, take: RECENT_MESSAGES, select: { direction: true, text: true, createdAt: true } }),
      this.transcript.conversationsOf(person),
      this.prisma.need.findMany({ where, orderBy: { createdAt: 'asc' }, include: { invitation: true } }),
      this.prisma.company.findMany({ where, select: { name: true, size: true, sector: true, contact: true } }),
    ]);
    const handoffs = await this.prisma.handoff.findMany({
      where: { channelId: person.channelId, conversationId: { in: conversations } },
      include: { notes: { orderBy: { id: 'asc' } } },
      orderBy: { requestedAt: 'asc' },
    });
    const profile = (profileItem[userStateKey(person)] as { profile?: { role?: string } } | undefined)?.profile ?? null;
    return {
      profile,
      messages: {
        count,
        conversations: conversations.length,
        first: first?.createdAt ?? null,
        last: recent[0]?.createdAt ?? null,
        recent: recent.reverse().map((line) => ({ direction: line.direction, text: line.text, at: line.createdAt })),
      },
      needs: needs.map((need) => ({
        description: need.description,
        occupation: need.occupationSaid,
        headcount: need.headcount,
        deadline: need.deadlineSaid,
        commune: need.communeName,
        status: need.status,
        consent: need.consentToContact,
        recordedAt: need.createdAt,
        invitation: need.invitation ? (need.invitation.answer ?? 'pending') : null,
      })),
      companies,
      handoffs: handoffs.map((h) => ({
        status: h.status,
        reason: h.reason,
        requestedAt: h.requestedAt,
        notes: h.notes.map((note) => ({ author: note.author, text: note.text, at: note.createdAt })),
      })),
    };
  }

  /**
   * Forgets people and conversations with no activity since `before`: a conversation's transcript goes
   * when its last message is older; a state row goes when it was last written before and no message of
   * its person or conversation came since (a profile can stay unchanged while its person keeps writing).
   */
  async purgeInactiveSince(before: Date): Promise<{ states: number; transcriptLines: number }> {
    const states = await this.prisma.$executeRaw`
      DELETE FROM bot_state b
      WHERE b.updated_at < ${before}
        AND NOT EXISTS (
          SELECT 1 FROM transcript_entry t
          WHERE t.created_at >= ${before}
            AND (b.key = t.channel_id || '/users/' || t.user_id || '/'
              OR b.key = t.channel_id || '/conversations/' || t.conversation_id || '/'))`;
    const transcriptLines = await this.prisma.$executeRaw`
      DELETE FROM transcript_entry
      WHERE conversation_id IN (
        SELECT conversation_id FROM transcript_entry GROUP BY conversation_id HAVING max(created_at) < ${before})`;
    return { states, transcriptLines };
  }
}
