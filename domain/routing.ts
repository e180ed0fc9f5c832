import type { Program } from './programs';

export interface ZendeskRoutingContract {
  forms: { select: number; alliance: number };
  groups: { select: number; alliance: number; standard: number };
}

export interface RoutingChange {
  formId?: number;
  groupId?: number;
  tag: string;
  rule: 'S1' | 'A2';
  reason: string;
}

/**
 * S1/A2: partners' tickets belong on their program's form and group; a partner on another form
 * is re-routed (nothing lost, nothing delayed). A customer on a partner form goes to standard
 * support (and is never attached to the partner's organization: see the organization guard).
 */
export function planRouting(
  ticket: { program: Program; formId: number | null; groupId: number | null },
  contract: ZendeskRoutingContract,
): RoutingChange | null {
  const { program, formId, groupId } = ticket;
  if (program === 'select' || program === 'alliance') {
    const form = contract.forms[program];
    const group = contract.groups[program];
    if (formId === form && groupId === group) return null;
    const rule = program === 'select' ? 'S1' : 'A2';
    const label = program === 'select' ? 'Select' : 'Alliance';
    return {
      formId: formId === form ? undefined : form,
      groupId: groupId === group ? undefined : group,
      tag: program === 'select' ? 's1_form_rerouted' : 'a2_form_rerouted',
      rule,
      reason:
        formId === form
          ? `${label} Partner ticket assigned to the ${label} partner support group`
          : `${label} Partner ticket submitted on form ${formId ?? 'none'}; re-routed to the ${label} form ${form}`,
    };
  }
  const onPartnerForm = formId === contract.forms.select || formId === contract.forms.alliance;
  if (onPartnerForm && groupId !== contract.groups.standard) {
    const rule = formId === contract.forms.select ? 'S1' : 'A2';
    return {
      groupId: contract.groups.standard,
      tag: 'customer_on_partner_form',
      rule,
      reason: 'The requester is not a partner representative; routed to standard support',
    };
  }
  return null;
}
