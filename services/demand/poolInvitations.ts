// The BlaBlaCar moment: when a company's need joins a pool with other companies, and the company
// agreed to it when describing the need, it is asked once, on its own channel, whether it wants to be
// put in touch. Its answer is recorded; the Métropole's and the CRIJ's staff see it in the pools.
import type { Prisma } from '../database';
import type { Logger } from '../logger';
import type { Pooling } from './types';

export interface Invitation {
  id: string;
  /** Other companies in the pool when it was sent. */
  others: number;
  /** What the need is about, in the company's words (« soudeurs »). */
  occupation: string;
}

/** Delivers an invitation as a question in the company's conversation (the bot does: bots/blablaBot.ts). */
export interface InvitationSender {
  /** False when the conversation cannot be reached now (unknown, blocked, held by an advisor). */
  invite(conversation: { channelId: string; conversationId: string }, invitation: Invitation): Promise<boolean>;
}

export class PoolInvitations {
  private sender?: InvitationSender;
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly prisma: Prisma,
    private readonly pooling: Pooling,
    private readonly logger: Logger,
  ) {}

  /** The bot is built after this service (its dialogs record the answers here). */
  deliverWith(sender: InvitationSender): void {
    this.sender = sender;
  }

  /**
   * Needs were recorded or changed: checks their pools in the background (never inside the turn that
   * recorded them, whose conversation may be the one to ask). Failures are logged, not thrown.
   */
  needsChanged(needIds: string[]): void {
    const work = this.check(needIds)
      .catch((err: Error) => this.logger.warn({ err: { type: err.name, message: err.message } }, 'pool invitations not sent'))
      .finally(() => this.pending.delete(work));
    this.pending.add(work);
  }

  /** Every consenting company of these needs' pools not asked yet is asked now. */
  async check(needIds: string[]): Promise<void> {
    const asked = new Set<string>();
    for (const needId of needIds) {
      const pool = await this.pooling.poolOf(needId);
      if (!pool) continue;
      for (const member of pool.members) {
        if (!member.consent || member.invitation !== null || asked.has(member.needId)) continue;
        asked.add(member.needId);
        await this.invite(member.needId, pool.companies - 1);
      }
    }
  }

  /** Records a company's answer; false when the invitation is unknown. */
  async answer(invitationId: string, yes: boolean): Promise<boolean> {
    const { count } = await this.prisma.poolInvitation.updateMany({
      where: { id: invitationId },
      data: { answer: yes ? 'YES' : 'NO', answeredAt: new Date() },
    });
    return count === 1;
  }

  /** Waits for the checks under way (before the database closes). */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  private async invite(needId: string, others: number): Promise<void> {
    const need = await this.prisma.need.findUnique({ where: { id: needId }, select: { channelId: true, conversationId: true, occupationSaid: true } });
    // Erased people (no conversation any more) are not asked.
    if (!need?.conversationId || !this.sender) return;
    // One invitation per need, even when two checks race: the row is the ticket.
    const created = await this.prisma.poolInvitation.createMany({ data: [{ needId, otherCompanies: others }], skipDuplicates: true });
    if (created.count === 0) return;
    const row = await this.prisma.poolInvitation.findUniqueOrThrow({ where: { needId } });
    const delivered = await this.sender.invite(
      { channelId: need.channelId, conversationId: need.conversationId },
      { id: row.id, others, occupation: need.occupationSaid },
    );
    // Not reached now: the ticket goes, so that the next change to the pool tries again.
    if (!delivered) await this.prisma.poolInvitation.delete({ where: { id: row.id } });
    this.logger.info({ needId, others, delivered }, 'pool invitation');
  }
}
