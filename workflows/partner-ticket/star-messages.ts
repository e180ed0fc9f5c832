import { starUrgencyLabel, type Star } from '../../domain/star';
import type { StarAction } from './types';

/** The note and alert texts for a STAR side effect. */
export function starMessages(ticketId: number, subject: string | undefined, star: Star, action: StarAction) {
  const title = `ticket #${ticketId}${subject ? ` "${subject}"` : ''}`;
  const urgency = `${starUrgencyLabel[star.urgency]}${star.emergency ? ', EMERGENCY' : ''}`;
  const due = star.acknowledgeBy ? new Date(star.acknowledgeBy).toISOString() : undefined;
  const request = action.requestIndex !== undefined ? star.requests[action.requestIndex] : undefined;
  const requestText = request
    ? `Requested by ${request.submitter} (${request.source}${request.requestId ? `, request ID ${request.requestId}` : ''})\nReason: ${request.reason}\nDesired actions: ${request.desiredActions}`
    : '';
  switch (action.type) {
    case 'raised':
      return {
        note: `STAR raised (${urgency}). ${requestText}\nA support manager must acknowledge by ${due}.`,
        alert: `:star: STAR on ${title} (${urgency}). ${request?.reason ?? ''} — desired: ${request?.desiredActions ?? ''}. Acknowledge by ${due}.`,
      };
    case 'coalesced':
      return { note: `Additional escalation request joined the STAR. ${requestText}`, alert: undefined };
    case 'acknowledged':
      return { note: `STAR acknowledged by ${star.acknowledgedBy}.`, alert: undefined };
    case 'unstarred':
      return { note: `STAR removed by ${star.unstarredBy}. Reason: ${star.unstarReason}`, alert: undefined };
    case 'lapsed':
      return {
        note: `STAR not acknowledged in time: escalated to level ${star.escalationLevel}. Next acknowledgement due by ${due}.`,
        alert: `:rotating_light: STAR on ${title} NOT acknowledged (${urgency}): escalating to level ${star.escalationLevel}. Acknowledge by ${due}.`,
      };
  }
}
