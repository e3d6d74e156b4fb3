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
  async erase(person: Person, currentConversationId: string): Promise<void> {
    const conversations = new Set([currentConversationId, ...(await this.transcript.conversationsOf(person))]);
    await this.storage.delete([userStateKey(person), ...[...conversations].map((c) => conversationStateKey(person.channelId, c))]);
    await this.transcript.eraseFor(person);
    await this.references.eraseFor(person);
    await this.handoffs.eraseConversations(person.channelId, [...conversations]);
    await this.needs.detachPerson(person);
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
