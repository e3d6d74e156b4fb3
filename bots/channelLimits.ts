// What the dialogs send, made to fit channels with limits of their own. Facebook Messenger (through
// Azure Bot Service) refuses more than 13 quick replies, quick-reply titles over 20 characters and
// texts over 2,000 characters. Dialogs keep writing for people; this middleware adapts, per channel:
// long texts are split at sentence boundaries, long titles are shortened while the button's value
// stays whole, and a pressed quick reply comes back as that value (Messenger sends its payload).
import type { Activity, CardAction, Middleware, TurnContext } from 'botbuilder';
import { splitText } from './splitText';

interface Limits {
  maxActions: number;
  maxTitle: number;
  maxText: number;
}

export const CHANNEL_LIMITS: Record<string, Limits> = {
  facebook: { maxActions: 13, maxTitle: 20, maxText: 2000 },
};

export function fitChannelLimits(limits: Record<string, Limits> = CHANNEL_LIMITS): Middleware {
  return {
    async onTurn(context: TurnContext, next) {
      const channel = limits[context.activity.channelId];
      if (!channel) return next();
      const payload = quickReplyPayload(context.activity);
      if (payload) context.activity.text = payload;
      context.onSendActivities(async (_ctx, activities, sendNext) => {
        activities.splice(0, activities.length, ...activities.flatMap((a) => fit(a, channel)));
        return sendNext();
      });
      return next();
    },
  };
}

/** Messenger's quick replies arrive with their payload (the button's value) in the channel data. */
function quickReplyPayload(activity: Partial<Activity>): string | undefined {
  const payload = (activity.channelData as { message?: { quick_reply?: { payload?: unknown } } } | undefined)?.message?.quick_reply?.payload;
  return typeof payload === 'string' && payload ? payload : undefined;
}

function fit(activity: Partial<Activity>, limits: Limits): Partial<Activity>[] {
  if (activity.type !== 'message') return [activity];
  const actions = activity.suggestedActions?.actions ?? [];
  let text = activity.text ?? '';
  let kept = actions;
  // Too many choices for buttons: all of them go into the text, numbered (the dialogs read numbers).
  if (actions.length > limits.maxActions) {
    text = `${text}\n${actions.map((a, i) => `${i + 1}. ${a.title ?? a.value}`).join('\n')}`;
    kept = [];
  }
  // A message with no text (buttons or an attachment only) stays one message.
  const pieces = text.trim() ? splitText(text, limits.maxText) : [text];
  return pieces.map((piece, i) => {
    const last = i === pieces.length - 1;
    const suggestedActions = last && kept.length ? { ...activity.suggestedActions!, actions: shortenTitles(kept, limits.maxTitle) } : undefined;
    return { ...activity, text: piece, suggestedActions };
  });
}

/** Titles cut at a word boundary with "…" and kept distinct; the value (what the dialog receives) stays whole. */
function shortenTitles(actions: CardAction[], max: number): CardAction[] {
  const used = new Set<string>();
  return actions.map((action) => {
    const full = String(action.title ?? action.value ?? '');
    let title = full.length <= max ? full : shorten(full, max);
    for (let n = 2; used.has(title); n++) title = `${shorten(full, max - String(n).length - 1)} ${n}`;
    used.add(title);
    return { ...action, title, value: action.value ?? full };
  });
}

function shorten(text: string, max: number): string {
  const cut = text.slice(0, max - 1);
  const atWord = cut.replace(/[\s,;:·’'-]+\S*$/, '');
  return `${(atWord.length >= max / 2 ? atWord : cut).trimEnd()}…`;
}
