import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Custom search attributes every partner ticket workflow keeps current, so that the Temporal UI
 * (and `partner-support list`) can filter tickets by program, support level, SLA state and STAR.
 */
export const TicketIdAttribute = defineSearchAttributeKey('TicketId', SearchAttributeType.KEYWORD);
export const PartnerProgramAttribute = defineSearchAttributeKey(
  'PartnerProgram',
  SearchAttributeType.KEYWORD,
);
export const SupportLevelAttribute = defineSearchAttributeKey('SupportLevel', SearchAttributeType.KEYWORD);
export const SlaStateAttribute = defineSearchAttributeKey('SlaState', SearchAttributeType.KEYWORD);
export const StarredAttribute = defineSearchAttributeKey('Starred', SearchAttributeType.BOOL);
/** The requester's email, lower-cased: provisioning (A1) finds a representative's open tickets by it. */
export const RequesterEmailAttribute = defineSearchAttributeKey(
  'RequesterEmail',
  SearchAttributeType.KEYWORD,
);

/** The values the workflow publishes: the CLI validates filters against the same lists. */
export const partnerProgramValues = ['Select', 'Alliance', 'Customer', 'Unknown'] as const;
export type PartnerProgramValue = (typeof partnerProgramValues)[number];
export const supportLevelValues = ['Priority', 'Standard', 'None'] as const;
export type SupportLevelValue = (typeof supportLevelValues)[number];
export const slaStateValues = ['none', 'active', 'paused', 'warning', 'breached', 'met'] as const;
export type SlaStateValue = (typeof slaStateValues)[number];

export const partnerTicketSearchAttributes = [
  TicketIdAttribute,
  PartnerProgramAttribute,
  SupportLevelAttribute,
  SlaStateAttribute,
  StarredAttribute,
  RequesterEmailAttribute,
] as const;

/** `--search-attribute Name=Type` flags for `temporal server start-dev`. */
export function devServerSearchAttributeFlags(): string[] {
  const cliType: Record<string, string> = {
    [SearchAttributeType.KEYWORD]: 'Keyword',
    [SearchAttributeType.BOOL]: 'Bool',
  };
  return partnerTicketSearchAttributes.flatMap((key) => [
    '--search-attribute',
    `${key.name}=${cliType[key.type]}`,
  ]);
}
