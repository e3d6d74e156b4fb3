// Every message in and out, per conversation: advisors read it during handoff, a person can have it erased.
import { Prisma as Sql } from '../prisma/generated/client';
import type { Prisma } from './database';

export type Direction = 'IN' | 'OUT';

export interface TranscriptLine {
  channelId: string;
  conversationId: string;
  /** The person on the channel: sender of an IN line, recipient of an OUT line. */
  userId: string;
  direction: Direction;
  text: string;
  /** Who wrote an OUT line when it was not the bot (an advisor's name). */
  author?: string | null;
}

export interface StoredTranscriptLine extends TranscriptLine {
  createdAt: Date;
}

export interface Person {
  channelId: string;
  userId: string;
}

export class TranscriptStore {
  constructor(private readonly prisma: Prisma) {}

  /**
   * One INSERT written in SQL: it runs for every message in and out, and Prisma's createMany spends more
   * than twice the CPU on the same statement (npm run bench:turns).
   */
  async record(lines: TranscriptLine[]): Promise<void> {
    if (lines.length === 0) return;
    const now = new Date();
    const rows = lines.map(
      (l) => Sql.sql`(${l.channelId}, ${l.conversationId}, ${l.userId}, ${l.direction}::"Direction", ${l.text}, ${l.author ?? null}, ${now})`,
    );
    await this.prisma.$executeRaw`
      INSERT INTO transcript_entry (channel_id, conversation_id, user_id, direction, text, author, created_at) VALUES ${Sql.join(rows)}`;
  }

  async conversation(conversationId: string, channelId?: string): Promise<StoredTranscriptLine[]> {
    const rows = await this.prisma.transcriptEntry.findMany({ where: { conversationId, channelId }, orderBy: { id: 'asc' } });
    return rows.map(({ id: _id, ...line }) => line);
  }

  /** The conversations a person took part in on a channel. */
  async conversationsOf(person: Person): Promise<string[]> {
    const rows = await this.prisma.transcriptEntry.findMany({
      where: person,
      distinct: ['conversationId'],
      select: { conversationId: true },
    });
    return rows.map((r) => r.conversationId);
  }

  async eraseFor(person: Person): Promise<number> {
    const { count } = await this.prisma.transcriptEntry.deleteMany({ where: person });
    return count;
  }
}
