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

export const partnerTicketSearchAttributes = [
  TicketIdAttribute,
  PartnerProgramAttribute,
  SupportLevelAttribute,
  SlaStateAttribute,
  StarredAttribute,
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
