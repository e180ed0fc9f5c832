import { upsertSearchAttributes } from '@temporalio/workflow';
import { programLabel } from '../../domain/programs';
import {
  PartnerProgramAttribute,
  RequesterEmailAttribute,
  SlaStateAttribute,
  StarredAttribute,
  SupportLevelAttribute,
  TicketIdAttribute,
  type PartnerProgramValue,
  type SupportLevelValue,
} from '../../domain/search-attributes';
import { ticketSlaState } from '../../domain/sla/clock';
import { isStarred } from '../../domain/star';
import type { PartnerTicketState } from './types';

const supportLevelValue = (state: PartnerTicketState): SupportLevelValue =>
  state.supportLevel === 'priority' ? 'Priority' : state.supportLevel === 'standard' ? 'Standard' : 'None';

/**
 * Keeps the ticket's search attributes (the Temporal UI's and `partner-support list`'s filters)
 * in step with the state; upserts only when a value changed.
 */
export function searchAttributePublisher(state: PartnerTicketState): () => void {
  const published: Record<string, string | boolean> = {};
  return () => {
    const program: PartnerProgramValue = state.program ? programLabel[state.program] : 'Unknown';
    const wanted = {
      TicketId: String(state.ticketId),
      PartnerProgram: program,
      SupportLevel: supportLevelValue(state),
      SlaState: ticketSlaState(state.clocks),
      Starred: isStarred(state.star),
      RequesterEmail: state.requesterEmail?.trim().toLowerCase() ?? '',
    };
    if (Object.entries(wanted).every(([key, value]) => published[key] === value)) return;
    const requester = wanted.RequesterEmail
      ? [{ key: RequesterEmailAttribute, value: wanted.RequesterEmail }]
      : [];
    upsertSearchAttributes([
      { key: TicketIdAttribute, value: wanted.TicketId },
      { key: PartnerProgramAttribute, value: wanted.PartnerProgram },
      { key: SupportLevelAttribute, value: wanted.SupportLevel },
      { key: SlaStateAttribute, value: wanted.SlaState },
      { key: StarredAttribute, value: wanted.Starred },
      // Unset until intake knows the requester.
      ...requester,
    ]);
    Object.assign(published, wanted);
  };
}
