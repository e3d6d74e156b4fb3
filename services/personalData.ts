// What we keep about a person, and how it goes away: on request ("supprimer mes données")
// and after RETENTION_DAYS without activity (the privacy notice promises both).
import type { Storage } from 'botbuilder';
import type { Prisma } from './database';
import type { Person, TranscriptStore } from './transcript';

// botbuilder's UserState and ConversationState keys (namespace ''), see their getStorageKey.
export const userStateKey = (p: Person) => `${p.channelId}/users/${p.userId}/`;
export const conversationStateKey = (channelId: string, conversationId: string) => `${channelId}/conversations/${conversationId}/`;

export class PersonalData {
  constructor(
    private readonly prisma: Prisma,
    private readonly storage: Storage,
    private readonly transcript: TranscriptStore,
  ) {}

  /** Erases the person's profile, the state of their conversations and every message they sent or received. */
  async erase(person: Person, currentConversationId: string): Promise<void> {
    const conversations = new Set([currentConversationId, ...(await this.transcript.conversationsOf(person))]);
    await this.storage.delete([userStateKey(person), ...[...conversations].map((c) => conversationStateKey(person.channelId, c))]);
    await this.transcript.eraseFor(person);
  }

  /** Deletes state and transcript lines untouched since `before`. Returns how many rows went. */
  async purgeInactiveSince(before: Date): Promise<{ states: number; transcriptLines: number }> {
    const states = await this.prisma.botState.deleteMany({ where: { updatedAt: { lt: before } } });
    const lines = await this.prisma.transcriptEntry.deleteMany({ where: { createdAt: { lt: before } } });
    return { states: states.count, transcriptLines: lines.count };
  }
}
