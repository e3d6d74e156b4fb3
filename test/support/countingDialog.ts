// A probe for the turn machinery: it appends each message to its dialog state and answers with the count.
// If two turns of one conversation ran together, both would start from the same state: a count would
// repeat and a message would vanish from the list (or a save would fail on its stale eTag).
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';

export class CountingDialog extends Dialog<{ seen?: string[] }> {
  constructor(private readonly delayMs = 5) {
    super('countingDialog');
  }

  beginDialog(dc: DialogContext): Promise<DialogTurnResult> {
    return this.count(dc);
  }

  continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    return this.count(dc);
  }

  private async count(dc: DialogContext): Promise<DialogTurnResult> {
    const state = dc.activeDialog!.state as { seen?: string[] };
    const seen = [...(state.seen ?? []), dc.context.activity.text ?? ''];
    // Leave room for another turn to interleave, as real dialogs awaiting services do.
    await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    state.seen = seen;
    await dc.context.sendActivity(`${seen.length}:${dc.context.activity.text}`);
    return Dialog.EndOfTurn;
  }
}
