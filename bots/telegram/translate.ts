// Telegram updates as Bot Framework activities: the bot and its dialogs never see Telegram's shapes.
import { ActivityTypes, type Activity, type ChannelAccount, type ConversationAccount } from 'botbuilder';
import type { Chat, Message, Update, User } from 'node-telegram-bot-api';

export const TELEGRAM_CHANNEL_ID = 'telegram';

/**
 * What a message can carry besides text, by Telegram's own field names. Such a message becomes an activity
 * without text whose attachment's content type is that name: the transcript shows « [pièce jointe : photo] ».
 */
const CONTENT_KINDS = [
  'photo', 'live_photo', 'sticker', 'voice', 'video_note', 'video', 'animation', 'audio', 'document', 'paid_media',
  'contact', 'venue', 'location', 'poll', 'dice', 'game', 'story', 'checklist',
] as const;

/** The updates the channel asks Telegram for (getUpdates and setWebhook). */
export const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query'];

export interface Incoming {
  /** Absent when there is nothing to run a turn for. */
  activity?: Partial<Activity>;
  /** A button press on an inline keyboard: Telegram waits for it to be answered. */
  callbackQueryId?: string;
}

/**
 * The activity of an update, or undefined for what the bot has nothing to do with (a service message such as
 * "X joined the group", a post without a sender, other update kinds).
 * An edited message becomes a `messageUpdate` with the new text; a pressed inline button, a message whose text
 * is the button's value.
 */
export function activityFromUpdate(update: Update, bot: ChannelAccount, serviceUrl: string): Incoming | undefined {
  const common = (chat: Chat, from: User) => ({
    channelId: TELEGRAM_CHANNEL_ID,
    serviceUrl,
    conversation: conversationOf(chat),
    // Names stay with Telegram: the id is enough to answer, and nothing personal is copied into references.
    from: { id: String(from.id), name: '', role: 'user' },
    recipient: bot,
    locale: from.language_code,
  });
  // Updates come from outside: one without its chat or sender (malformed, or a kind we do not know) is
  // nothing to answer, and must never stop the channel.
  if ('message' in update) {
    const { message } = update;
    if (!isAddressed(message)) return undefined;
    const base = { ...common(message.chat, message.from), id: String(message.message_id), timestamp: dateOf(message) };
    if (message.text !== undefined) return { activity: { ...base, type: ActivityTypes.Message, text: message.text } };
    const kind = CONTENT_KINDS.find((k) => message[k as keyof Message] !== undefined);
    if (!kind) return undefined;
    return { activity: { ...base, type: ActivityTypes.Message, attachments: [{ contentType: kind }] } };
  }
  if ('edited_message' in update) {
    const message = update.edited_message;
    if (!isAddressed(message)) return undefined;
    return {
      activity: {
        ...common(message.chat, message.from),
        type: ActivityTypes.MessageUpdate,
        id: String(message.message_id),
        timestamp: new Date((message.edit_date ?? message.date) * 1000),
        text: message.text ?? message.caption,
      },
    };
  }
  if ('callback_query' in update) {
    const query = update.callback_query;
    if (!isObject(query) || !isObject(query.from)) return undefined;
    // Without a message (a button of an inline query), there is no chat to answer in.
    if (!isObject(query.message) || !isObject(query.message.chat) || query.data === undefined) return { callbackQueryId: query.id };
    return {
      activity: { ...common(query.message.chat, query.from), type: ActivityTypes.Message, id: `callback-${query.id}`, timestamp: new Date(), text: query.data },
      callbackQueryId: query.id,
    };
  }
  return undefined;
}

const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null;

/** A message with a chat to answer in and a sender. */
function isAddressed(message: unknown): message is Message & { from: User } {
  return isObject(message) && isObject((message as Message).chat) && isObject((message as Message).from);
}

function conversationOf(chat: Chat): ConversationAccount {
  return { id: String(chat.id), name: '', conversationType: chat.type, isGroup: chat.type !== 'private' };
}

const dateOf = (message: Message) => new Date(message.date * 1000);
