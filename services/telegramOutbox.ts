// Telegram replies kept until Telegram takes them (bots/telegram/outbox.ts sends them). One interface, two
// backends: the database (survives a restart, shared by every instance) and memory (lost with the process).
import type { SendMessageParams } from 'node-telegram-bot-api';
import type { Prisma } from './database';

/** A sendMessage call but its chat: text, keyboard, link previews. */
export type OutgoingMessage = Omit<SendMessageParams, 'chat_id'>;

export interface KeptReply {
  id: bigint;
  chatId: string;
  message: OutgoingMessage;
  /** Failed deliveries so far. */
  attempts: number;
  notBefore: Date;
  claimedUntil: Date | null;
}

/**
 * Only a chat's oldest reply may be sent, and only by whoever claimed it: that keeps each chat's replies in
 * order, and two instances from sending the same one.
 */
export interface OutboxStore {
  /** False when a crash loses what is kept. */
  readonly durable: boolean;
  /** True when replies of this chat wait: a new one goes behind them. */
  hasPending(chatId: string): Promise<boolean>;
  add(chatId: string, message: OutgoingMessage, notBefore: Date): Promise<void>;
  /** Each waiting chat's oldest reply, the chats that have waited longest first. */
  oldest(limit: number): Promise<KeptReply[]>;
  oldestOf(chatId: string): Promise<KeptReply | undefined>;
  /** Takes the reply until `until` when it is due and nobody holds it. False otherwise, or when it is gone. */
  claim(id: bigint, now: Date, until: Date): Promise<boolean>;
  /** Delivered, or refused for good: forgotten. */
  remove(id: bigint): Promise<void>;
  /** Releases the claim; tried again from `notBefore`, one failure more when `failed`. */
  postpone(id: bigint, notBefore: Date, failed: boolean): Promise<void>;
  /** The person blocked the bot: nothing of theirs will ever be delivered. Returns how many were dropped. */
  dropChat(chatId: string): Promise<number>;
  count(): Promise<number>;
}

export class PrismaOutboxStore implements OutboxStore {
  readonly durable = true;

  constructor(private readonly prisma: Prisma) {}

  async hasPending(chatId: string): Promise<boolean> {
    return (await this.prisma.telegramOutbox.findFirst({ where: { chatId }, select: { id: true } })) !== null;
  }

  async add(chatId: string, message: OutgoingMessage, notBefore: Date): Promise<void> {
    await this.prisma.telegramOutbox.create({ data: { chatId, message: JSON.parse(JSON.stringify(message)), notBefore } });
  }

  async oldest(limit: number): Promise<KeptReply[]> {
    const heads = await this.prisma.telegramOutbox.groupBy({ by: ['chatId'], _min: { id: true }, orderBy: { _min: { id: 'asc' } }, take: limit });
    const ids = heads.map((h) => h._min.id).filter((id): id is bigint => id !== null);
    const rows = await this.prisma.telegramOutbox.findMany({ where: { id: { in: ids } }, orderBy: { id: 'asc' } });
    return rows.map(toReply);
  }

  async oldestOf(chatId: string): Promise<KeptReply | undefined> {
    const row = await this.prisma.telegramOutbox.findFirst({ where: { chatId }, orderBy: { id: 'asc' } });
    return row ? toReply(row) : undefined;
  }

  async claim(id: bigint, now: Date, until: Date): Promise<boolean> {
    const { count } = await this.prisma.telegramOutbox.updateMany({
      where: { id, notBefore: { lte: now }, OR: [{ claimedUntil: null }, { claimedUntil: { lte: now } }] },
      data: { claimedUntil: until },
    });
    return count === 1;
  }

  async remove(id: bigint): Promise<void> {
    await this.prisma.telegramOutbox.deleteMany({ where: { id } });
  }

  async postpone(id: bigint, notBefore: Date, failed: boolean): Promise<void> {
    await this.prisma.telegramOutbox.updateMany({
      where: { id },
      data: { notBefore, claimedUntil: null, ...(failed ? { attempts: { increment: 1 } } : {}) },
    });
  }

  async dropChat(chatId: string): Promise<number> {
    return (await this.prisma.telegramOutbox.deleteMany({ where: { chatId } })).count;
  }

  count(): Promise<number> {
    return this.prisma.telegramOutbox.count();
  }
}

const toReply = (row: { id: bigint; chatId: string; message: unknown; attempts: number; notBefore: Date; claimedUntil: Date | null }): KeptReply => ({
  ...row,
  message: row.message as OutgoingMessage,
});

/** For one process without a database at hand: what it keeps is lost if it dies before Telegram comes back. */
export class MemoryOutboxStore implements OutboxStore {
  readonly durable = false;
  private readonly rows: KeptReply[] = [];
  private nextId = 1n;

  async hasPending(chatId: string): Promise<boolean> {
    return this.rows.some((r) => r.chatId === chatId);
  }

  async add(chatId: string, message: OutgoingMessage, notBefore: Date): Promise<void> {
    this.rows.push({ id: this.nextId++, chatId, message: structuredClone(message), attempts: 0, notBefore, claimedUntil: null });
  }

  async oldest(limit: number): Promise<KeptReply[]> {
    const heads = new Map<string, KeptReply>();
    for (const row of this.rows) if (!heads.has(row.chatId)) heads.set(row.chatId, row);
    return [...heads.values()].slice(0, limit).map((r) => ({ ...r }));
  }

  async oldestOf(chatId: string): Promise<KeptReply | undefined> {
    const row = this.rows.find((r) => r.chatId === chatId);
    return row && { ...row };
  }

  async claim(id: bigint, now: Date, until: Date): Promise<boolean> {
    const row = this.rows.find((r) => r.id === id);
    if (!row || row.notBefore > now || (row.claimedUntil && row.claimedUntil > now)) return false;
    row.claimedUntil = until;
    return true;
  }

  async remove(id: bigint): Promise<void> {
    const i = this.rows.findIndex((r) => r.id === id);
    if (i >= 0) this.rows.splice(i, 1);
  }

  async postpone(id: bigint, notBefore: Date, failed: boolean): Promise<void> {
    const row = this.rows.find((r) => r.id === id);
    if (!row) return;
    Object.assign(row, { notBefore, claimedUntil: null, attempts: row.attempts + (failed ? 1 : 0) });
  }

  async dropChat(chatId: string): Promise<number> {
    const before = this.rows.length;
    this.rows.splice(0, this.rows.length, ...this.rows.filter((r) => r.chatId !== chatId));
    return before - this.rows.length;
  }

  async count(): Promise<number> {
    return this.rows.length;
  }
}
