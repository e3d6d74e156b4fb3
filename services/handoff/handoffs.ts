// The advisors' queue: which conversations a human is asked to take or holds, and what the bot knew.
// Every state change is one conditional UPDATE, so two advisors (or two instances) can never take the
// same conversation, and a conversation is never queued twice.
import { isUuid, type Prisma } from '../database';
import type { HandoffChangeKind, HandoffEvents } from './events';

export type HandoffStatus = 'WAITING' | 'ASSIGNED' | 'DIALOG' | 'CLOSED';
export type HandoffReason = 'ASKED' | 'STUCK' | 'SENSITIVE';
/** The guided dialogs an advisor can hand a conversation to. */
export type GuidedDialog = 'orientation' | 'digital' | 'needs';
export const GUIDED_DIALOGS: readonly GuidedDialog[] = ['orientation', 'digital', 'needs'];

export interface ConversationKey {
  channelId: string;
  conversationId: string;
}

export interface Handoff extends ConversationKey {
  id: string;
  userId: string;
  status: HandoffStatus;
  reason: HandoffReason;
  detail: string | null;
  summary: string;
  botContinues: boolean;
  external: boolean;
  advisorId: string | null;
  dialog: GuidedDialog | null;
  returnToAdvisor: boolean;
  requestedAt: Date;
  assignedAt: Date | null;
  closedAt: Date | null;
}

export interface HandoffNote {
  id: string;
  kind: 'NOTE' | 'RESULT';
  author: string;
  text: string;
  createdAt: Date;
}

export interface HandoffRequest extends ConversationKey {
  userId: string;
  reason: HandoffReason;
  detail?: string;
  summary: string;
  /** Held by an external contact centre (Bot Framework handoff events) rather than our console. */
  external?: boolean;
}

export interface QueuedHandoff extends Handoff {
  advisorName: string | null;
  /** The person's latest message, and when (what the queue shows). */
  lastMessage: { text: string; at: Date } | null;
}

export class Handoffs {
  constructor(
    private readonly prisma: Prisma,
    private readonly events: HandoffEvents,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The open handoff of a conversation (not CLOSED), if any. Read on every turn: one indexed lookup. */
  async open(key: ConversationKey): Promise<Handoff | undefined> {
    const row = await this.prisma.handoff.findUnique({ where: { channelId_conversationId: keyOf(key) } });
    return row && row.status !== 'CLOSED' ? toHandoff(row) : undefined;
  }

  async get(id: string): Promise<Handoff | undefined> {
    if (!isUuid(id)) return undefined;
    const row = await this.prisma.handoff.findUnique({ where: { id } });
    return row ? toHandoff(row) : undefined;
  }

  /**
   * Puts the conversation in the queue. Asking again while it is open changes nothing but the summary
   * (and brings the bot back to silence): `created` says whether it was newly queued.
   */
  async request(request: HandoffRequest): Promise<{ handoff: Handoff; created: boolean }> {
    const { channelId, conversationId } = request;
    const key = { channelId_conversationId: { channelId, conversationId } };
    const fresh = {
      userId: request.userId,
      status: 'WAITING' as const,
      reason: request.reason,
      detail: request.detail ?? null,
      summary: request.summary,
      botContinues: false,
      external: request.external ?? false,
      advisorId: null,
      dialog: null,
      returnToAdvisor: false,
      requestedAt: this.now(),
      assignedAt: null,
      closedAt: null,
    };
    // A closed row is reopened; an open one only gets the newer summary.
    const reopened = await this.prisma.handoff.updateMany({ where: { channelId, conversationId, status: 'CLOSED' }, data: fresh });
    let created = reopened.count === 1;
    if (!created) {
      try {
        await this.prisma.handoff.create({ data: { channelId, conversationId, ...fresh } });
        created = true;
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        // Already open: the person asked again (or two messages raced). Keep who holds it.
        await this.prisma.handoff.updateMany({
          where: { channelId, conversationId, status: { not: 'CLOSED' } },
          data: { summary: request.summary, botContinues: false },
        });
      }
    }
    const handoff = toHandoff(await this.prisma.handoff.findUniqueOrThrow({ where: key }));
    await this.publish(handoff.id, created ? 'queued' : 'updated');
    return { handoff, created };
  }

  /** How many conversations wait before this one (0: it is next). */
  async position(handoff: Handoff): Promise<number> {
    return this.prisma.handoff.count({ where: { status: 'WAITING', external: false, requestedAt: { lt: handoff.requestedAt } } });
  }

  /**
   * Median minutes between request and take-over, over the last `sample` conversations taken in the
   * past 30 days; undefined without any.
   */
  async typicalWaitMinutes(sample = 20): Promise<number | undefined> {
    const since = new Date(this.now().getTime() - 30 * 24 * 3600_000);
    const rows = await this.prisma.handoff.findMany({
      where: { assignedAt: { not: null, gte: since }, external: false },
      orderBy: { assignedAt: 'desc' },
      take: sample,
      select: { requestedAt: true, assignedAt: true },
    });
    if (!rows.length) return undefined;
    const minutes = rows.map((r) => (r.assignedAt!.getTime() - r.requestedAt.getTime()) / 60_000).sort((a, b) => a - b);
    return minutes[Math.floor(minutes.length / 2)];
  }

  /** The person carries on with the bot while waiting: the request stays in the queue. */
  async continueWithBot(id: string): Promise<boolean> {
    return this.change(id, { status: 'WAITING' }, { botContinues: true }, 'updated');
  }

  /** The person withdrew the request before anyone took it. */
  async withdraw(id: string): Promise<boolean> {
    return this.change(id, { status: 'WAITING' }, { status: 'CLOSED', closedAt: this.now() }, 'closed');
  }

  /** Assigns a waiting conversation; false when it is not waiting any more (someone else took it). */
  async take(id: string, advisorId: string): Promise<boolean> {
    return this.change(id, { status: 'WAITING', external: false }, { status: 'ASSIGNED', advisorId, assignedAt: this.now(), botContinues: false }, 'taken');
  }

  /** The advisor gives the conversation back to the bot. */
  async release(id: string, advisorId: string): Promise<boolean> {
    return this.change(id, { status: 'ASSIGNED', advisorId }, { status: 'CLOSED', closedAt: this.now() }, 'released');
  }

  /** The advisor hands the conversation to a guided dialog (the bot runs it), and maybe wants it back after. */
  async handToDialog(id: string, advisorId: string, dialog: GuidedDialog, returnToAdvisor: boolean): Promise<boolean> {
    return this.change(id, { status: 'ASSIGNED', advisorId }, { status: 'DIALOG', dialog, returnToAdvisor }, 'dialog');
  }

  /**
   * A guided dialog ended in this conversation: when an advisor had handed it over, its result goes to
   * them, and the conversation back to them if they asked. Returns the handoff as it is now, or
   * undefined when no advisor was waiting for a result.
   */
  async dialogDone(key: ConversationKey, result: string): Promise<Handoff | undefined> {
    const row = await this.prisma.handoff.findUnique({ where: { channelId_conversationId: keyOf(key) } });
    if (!row || row.status !== 'DIALOG') return undefined;
    const back = row.returnToAdvisor && row.advisorId !== null;
    const { count } = await this.prisma.handoff.updateMany({
      where: { id: row.id, status: 'DIALOG' },
      data: back ? { status: 'ASSIGNED', dialog: null } : { status: 'CLOSED', dialog: null, closedAt: this.now() },
    });
    if (count === 0) return undefined;
    await this.prisma.handoffNote.create({ data: { handoffId: row.id, kind: 'RESULT', author: row.dialog ?? 'dialogue', text: result } });
    await this.publish(row.id, 'result');
    return toHandoff(await this.prisma.handoff.findUniqueOrThrow({ where: { id: row.id } }));
  }

  /** The advisor closes the conversation (the bot answers again). */
  async close(id: string, advisorId: string): Promise<boolean> {
    return this.change(id, { OR: [{ status: 'WAITING' }, { status: { in: ['ASSIGNED', 'DIALOG'] }, advisorId }] }, { status: 'CLOSED', closedAt: this.now() }, 'closed');
  }

  /** A contact centre (Bot Framework `handoff.status`) accepted, completed or failed the conversation. */
  async externalStatus(key: ConversationKey, state: 'accepted' | 'completed' | 'failed'): Promise<Handoff | undefined> {
    const row = await this.prisma.handoff.findUnique({ where: { channelId_conversationId: keyOf(key) } });
    if (!row || row.status === 'CLOSED') return undefined;
    const data =
      state === 'accepted'
        ? { status: 'ASSIGNED' as const, external: true, assignedAt: this.now(), botContinues: false }
        : { status: 'CLOSED' as const, closedAt: this.now() };
    await this.prisma.handoff.update({ where: { id: row.id }, data });
    await this.publish(row.id, state === 'accepted' ? 'taken' : 'closed');
    return toHandoff(await this.prisma.handoff.findUniqueOrThrow({ where: { id: row.id } }));
  }

  async addNote(id: string, author: string, text: string): Promise<HandoffNote | undefined> {
    if (!(await this.get(id))) return undefined;
    const note = await this.prisma.handoffNote.create({ data: { handoffId: id, kind: 'NOTE', author, text } });
    await this.publish(id, 'note');
    return toNote(note);
  }

  async notes(id: string): Promise<HandoffNote[]> {
    if (!isUuid(id)) return [];
    const rows = await this.prisma.handoffNote.findMany({ where: { handoffId: id }, orderBy: { id: 'asc' } });
    return rows.map(toNote);
  }

  /** Open conversations, oldest request first, with who holds them and the person's latest message. */
  async queue(): Promise<QueuedHandoff[]> {
    const rows = await this.prisma.handoff.findMany({ where: { status: { not: 'CLOSED' } }, orderBy: { requestedAt: 'asc' } });
    return this.withNamesAndLastMessages(rows);
  }

  /** One handoff as the queue shows it. */
  async queued(id: string): Promise<QueuedHandoff | undefined> {
    if (!isUuid(id)) return undefined;
    const row = await this.prisma.handoff.findUnique({ where: { id } });
    return row ? (await this.withNamesAndLastMessages([row]))[0] : undefined;
  }

  private async withNamesAndLastMessages(rows: Row[]): Promise<QueuedHandoff[]> {
    if (rows.length === 0) return [];
    const [advisors, lastMessages] = await Promise.all([
      this.prisma.advisor.findMany({ where: { id: { in: rows.flatMap((r) => (r.advisorId ? [r.advisorId] : [])) } }, select: { id: true, name: true } }),
      // The person's latest message in each conversation, in one query.
      this.prisma.$queryRawUnsafe<{ channel_id: string; conversation_id: string; text: string; created_at: Date }[]>(
        `SELECT DISTINCT ON (channel_id, conversation_id) channel_id, conversation_id, text, created_at
         FROM transcript_entry
         WHERE direction = 'IN' AND (channel_id, conversation_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))
         ORDER BY channel_id, conversation_id, id DESC`,
        rows.map((r) => r.channelId),
        rows.map((r) => r.conversationId),
      ),
    ]);
    return rows.map((row) => {
      const last = lastMessages.find((m) => m.channel_id === row.channelId && m.conversation_id === row.conversationId);
      return {
        ...toHandoff(row),
        advisorName: advisors.find((a) => a.id === row.advisorId)?.name ?? null,
        lastMessage: last ? { text: last.text, at: last.created_at } : null,
      };
    });
  }

  /** Tells the consoles that the person wrote in a conversation in the queue (the caller has just read it). */
  async messageIn(handoff: Handoff): Promise<void> {
    await this.publish(handoff.id, 'message');
  }

  /** Erasure: the person's handoffs and their notes go (services/personalData.ts). */
  async eraseConversations(channelId: string, conversationIds: string[]): Promise<number> {
    const { count } = await this.prisma.handoff.deleteMany({ where: { channelId, conversationId: { in: conversationIds } } });
    return count;
  }

  /** Retention: closed handoffs untouched since `before`, with their notes. */
  async purgeClosedSince(before: Date): Promise<number> {
    const { count } = await this.prisma.handoff.deleteMany({ where: { status: 'CLOSED', updatedAt: { lt: before } } });
    return count;
  }

  private async change(id: string, where: object, data: object, kind: HandoffChangeKind): Promise<boolean> {
    if (!isUuid(id)) return false;
    const { count } = await this.prisma.handoff.updateMany({ where: { id, ...where }, data });
    if (count === 1) await this.publish(id, kind);
    return count === 1;
  }

  private publish(handoffId: string, kind: HandoffChangeKind): Promise<void> {
    return this.events.publish({ handoffId, kind });
  }
}

/** Only the two fields of the key: callers may pass a whole handoff or request. */
function keyOf({ channelId, conversationId }: ConversationKey): ConversationKey {
  return { channelId, conversationId };
}

type Row = Awaited<ReturnType<Prisma['handoff']['findUniqueOrThrow']>>;

function toHandoff(row: Row): Handoff {
  const { updatedAt: _updatedAt, dialog, ...rest } = row;
  return { ...rest, dialog: dialog as GuidedDialog | null };
}

function toNote(row: { id: bigint; kind: 'NOTE' | 'RESULT'; author: string; text: string; createdAt: Date }): HandoffNote {
  return { id: String(row.id), kind: row.kind, author: row.author, text: row.text, createdAt: row.createdAt };
}


function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === 'P2002';
}
