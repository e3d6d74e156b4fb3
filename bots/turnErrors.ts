// The one place a failed turn ends up: log it with its context, tell the person something true and kind.
import type { TurnContext } from 'botbuilder';
import type { Logger } from '../services/logger';

export const TURN_ERROR_TEXT =
  'Désolé, un problème technique m’empêche de vous répondre pour le moment. ' +
  'Réessayez dans quelques minutes ; si cela continue, écrivez « recommencer » pour repartir du début.';

export function onTurnError(logger: Logger) {
  return async (context: TurnContext, error: Error): Promise<void> => {
    const { channelId, type, conversation, id } = context.activity;
    // Name, message and stack only: botbuilder's DialogContextError also carries the dialog state,
    // which holds what the person wrote, and message contents stay out of the logs.
    const err = { type: error.name, message: error.message, stack: error.stack };
    logger.error({ err, conversationId: conversation?.id, channelId, activityType: type, activityId: id }, 'turn failed');
    try {
      await context.sendActivity(TURN_ERROR_TEXT);
    } catch (sendError) {
      logger.error({ err: sendError, conversationId: conversation?.id, channelId }, 'could not tell the person about the failure');
    }
  };
}
