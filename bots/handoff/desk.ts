// What an advisor does from the console, and what the person then sees on their own channel. The
// queue (services/handoff/handoffs.ts) decides who holds a conversation; the person's side (the bot,
// reached proactively) speaks: a take-over is announced, a reply delivered, a hand-back resumed.
import type { StoredTranscriptLine, TranscriptStore } from '../../services/transcript';
import type { ConversationKey, GuidedDialog, Handoff, HandoffNote, Handoffs, QueuedHandoff } from '../../services/handoff/handoffs';

export interface AdvisorIdentity {
  id: string;
  name: string;
}

/** The person's side of the conversation: implemented by the bot (bots/handoff/personSide.ts). */
export interface PersonSide {
  /** Delivers a message on the person's channel; false when the channel refused it. */
  tell(key: ConversationKey, text: string, author?: string): Promise<boolean>;
  /** The bot takes the conversation back where it was and says so. */
  resume(key: ConversationKey): Promise<void>;
  /** The bot starts a guided dialog with the person. */
  startDialog(key: ConversationKey, dialog: GuidedDialog): Promise<void>;
}

export type DeskResult = { ok: true } | { ok: false; status: 404 | 409 | 502; message: string };

export interface ConversationView {
  handoff: Handoff;
  advisorName: string | null;
  transcript: StoredTranscriptLine[];
  notes: HandoffNote[];
}

const TEXT = {
  joined: (name: string) => `${name}, conseiller·e du CRIJ, a rejoint la conversation.`,
};

const NOT_FOUND: DeskResult = { ok: false, status: 404, message: 'Conversation introuvable.' };
const OK: DeskResult = { ok: true };

export class AdvisorDesk {
  constructor(
    private readonly handoffs: Handoffs,
    private readonly transcript: TranscriptStore,
    private readonly person: PersonSide,
  ) {}

  queue(): Promise<QueuedHandoff[]> {
    return this.handoffs.queue();
  }

  async conversation(id: string): Promise<ConversationView | undefined> {
    const queued = await this.handoffs.queued(id);
    if (!queued) return undefined;
    const { advisorName, lastMessage: _lastMessage, ...handoff } = queued;
    return {
      handoff,
      advisorName,
      transcript: await this.transcript.conversation(handoff.conversationId, handoff.channelId),
      notes: await this.handoffs.notes(id),
    };
  }

  async take(id: string, advisor: AdvisorIdentity): Promise<DeskResult> {
    const handoff = await this.handoffs.get(id);
    if (!handoff) return NOT_FOUND;
    if (!(await this.handoffs.take(id, advisor.id))) return { ok: false, status: 409, message: 'Cette conversation n’est plus en attente : quelqu’un l’a déjà prise.' };
    await this.person.tell(handoff, TEXT.joined(advisor.name));
    return OK;
  }

  async reply(id: string, advisor: AdvisorIdentity, text: string): Promise<DeskResult> {
    const held = await this.heldBy(id, advisor);
    if (!held.ok) return held.result;
    if (!(await this.person.tell(held.handoff, text, advisor.name))) {
      return { ok: false, status: 502, message: 'Le message n’a pas pu être remis à la personne sur sa messagerie. Réessayez dans un instant.' };
    }
    return OK;
  }

  async handBack(id: string, advisor: AdvisorIdentity): Promise<DeskResult> {
    const held = await this.heldBy(id, advisor);
    if (!held.ok) return held.result;
    if (!(await this.handoffs.release(id, advisor.id))) return this.conflict();
    await this.person.resume(held.handoff);
    return OK;
  }

  async handToDialog(id: string, advisor: AdvisorIdentity, dialog: GuidedDialog, returnToAdvisor: boolean): Promise<DeskResult> {
    const held = await this.heldBy(id, advisor);
    if (!held.ok) return held.result;
    if (!(await this.handoffs.handToDialog(id, advisor.id, dialog, returnToAdvisor))) return this.conflict();
    await this.person.startDialog(held.handoff, dialog);
    return OK;
  }

  async close(id: string, advisor: AdvisorIdentity): Promise<DeskResult> {
    const handoff = await this.handoffs.get(id);
    if (!handoff || handoff.status === 'CLOSED') return handoff ? this.conflict() : NOT_FOUND;
    if (!(await this.handoffs.close(id, advisor.id))) return this.conflict();
    // The bot answers again; it says so to someone who was talking with a human or waiting in silence.
    if (handoff.status === 'ASSIGNED' || (handoff.status === 'WAITING' && !handoff.botContinues)) await this.person.resume(handoff);
    return OK;
  }

  async note(id: string, advisor: AdvisorIdentity, text: string): Promise<DeskResult> {
    return (await this.handoffs.addNote(id, advisor.name, text)) ? OK : NOT_FOUND;
  }

  private async heldBy(id: string, advisor: AdvisorIdentity): Promise<{ ok: true; handoff: Handoff } | { ok: false; result: DeskResult }> {
    const handoff = await this.handoffs.get(id);
    if (!handoff) return { ok: false, result: NOT_FOUND };
    if (handoff.status !== 'ASSIGNED' || handoff.advisorId !== advisor.id) {
      return { ok: false, result: { ok: false, status: 409, message: 'Vous ne tenez pas cette conversation : prenez-la d’abord.' } };
    }
    return { ok: true, handoff };
  }

  private conflict(): DeskResult {
    return { ok: false, status: 409, message: 'La conversation a changé entre-temps : rechargez-la.' };
  }
}
