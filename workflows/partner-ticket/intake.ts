import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import type { TicketFacts } from '../../activities/lifecycle-contract';
import { CONTACT_RECHECK_MS, planIntake, triageNote, type IntakePlan } from '../../domain/intake';
import { isPartner } from '../../domain/programs';
import {
  addTags,
  decide,
  enqueueEffect,
  read,
  readPatiently,
  recordRefusedRead,
  ticketActivities,
  type TicketContext,
} from './context';
import {
  NFR_POLICY_ANSWER,
  organizationNotesNote,
  SITUATION_QUESTION,
  ticketDeletedDecision,
  unverifiedContactNotice,
} from './messages';
import { endLifecycle, retargetClocks, startReplyClock } from './sla-clocks';

const isTicketGone = (err: unknown): boolean =>
  err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.type === 'NotFound';

/** Facts and plan; undefined when the ticket no longer exists (the lifecycle then ends). */
async function gatherAndPlan(
  ctx: TicketContext,
): Promise<{ facts: TicketFacts; plan: IntakePlan } | undefined> {
  try {
    const { facts, contract } = await readPatiently(ctx, "Intake's read of the ticket and its account", () =>
      ticketActivities.gatherIntakeFacts.executeWithOptions(
        { summary: 'Read the ticket, requester, organization and Salesforce account' },
        [ctx.state.ticketId],
      ),
    );
    return { facts, plan: planIntake(facts, contract) };
  } catch (err) {
    if (!isTicketGone(err)) throw err;
    decide(ctx, 'LIFECYCLE', ticketDeletedDecision(ctx.state.ticketId));
    endLifecycle(ctx, 'deleted', Date.now());
    return undefined;
  }
}

function applyPlan(ctx: TicketContext, facts: TicketFacts, plan: IntakePlan, key: string): void {
  const { state } = ctx;
  state.subject = facts.ticket.subject;
  state.ticketStatus = facts.ticket.status;
  state.program = plan.program;
  state.contactStatus = plan.contactStatus;
  state.requesterEmail = facts.requester.email;
  state.partnerAccountId = isPartner(plan.program) ? (plan.account?.id ?? null) : null;
  state.accountOwnerEmail = plan.account?.owner?.email ?? null;
  state.organizationNotes = plan.organizationNotes;
  state.impact = plan.impact;
  for (const decision of plan.decisions) decide(ctx, decision.rule, decision.summary);
  if (plan.routing) enqueueEffect(ctx, { kind: 'route', ...plan.routing });
  addTags(ctx, plan.tags);
  enqueueEffect(ctx, { kind: 'internalNote', key, body: triageNote(plan.decisions) });
}

function notifyOwnerOfUnverifiedContact(ctx: TicketContext, plan: IntakePlan): void {
  const owner = plan.account?.owner?.email;
  if (!owner) {
    decide(ctx, 'S2', 'No account owner on record to notify');
    return;
  }
  const contactStatus = plan.contactStatus === 'missing' ? 'missing' : 'wrong_account';
  enqueueEffect(ctx, {
    kind: 'notifyOwner',
    key: `s2-owner-${ctx.state.ticketId}`,
    ownerEmail: owner,
    text: unverifiedContactNotice(ctx.state, plan.program, contactStatus, plan.account?.name),
  });
}

/** Intake: classify the ticket, write the triage, and start its first-reply clock. */
export async function intake(ctx: TicketContext): Promise<void> {
  const { state } = ctx;
  ctx.policy = await readPatiently(ctx, 'Loading the SLA policy', () =>
    ticketActivities.loadSlaPolicy.executeWithOptions({ summary: 'Load the SLA policy' }, [
      { version: state.policyVersion },
    ]),
  );
  state.policyVersion = ctx.policy.version;
  const gathered = await gatherAndPlan(ctx);
  if (!gathered) return;
  const { facts, plan } = gathered;
  if (facts.ticket.status === 'closed') {
    // Zendesk refuses every write to a closed ticket, and it needs no clock: nothing to do.
    state.subject = facts.ticket.subject;
    state.ticketStatus = 'closed';
    decide(ctx, 'LIFECYCLE', 'The ticket is already closed in Zendesk: no triage, no clock');
    state.phase = 'closed';
    return;
  }
  applyPlan(ctx, facts, plan, `triage-${state.ticketId}`);

  if (plan.organizationNotes && isPartner(plan.program)) {
    enqueueEffect(ctx, {
      kind: 'internalNote',
      key: `a3-notes-${state.ticketId}`,
      body: organizationNotesNote(facts.organization?.name, plan.organizationNotes),
    });
  }
  if (plan.contactStatus === 'missing' || plan.contactStatus === 'wrong_account') {
    notifyOwnerOfUnverifiedContact(ctx, plan);
    state.nextContactCheckAt = Date.now() + CONTACT_RECHECK_MS;
  }
  if (plan.entitlement.kind === 'no_support_nfr') {
    enqueueEffect(ctx, {
      kind: 'publicComment',
      key: `a4-policy-${state.ticketId}`,
      body: NFR_POLICY_ANSWER,
    });
    enqueueEffect(ctx, { kind: 'solve' });
    state.phase = 'solved';
    state.solvedQuietSince = Date.now();
    return;
  }
  if (plan.entitlement.kind === 'ask_situation') {
    state.phase = 'awaiting_situation';
    enqueueEffect(ctx, { kind: 'publicComment', key: `s6-ask-${state.ticketId}`, body: SITUATION_QUESTION });
    return;
  }
  state.supportLevel = plan.supportLevel;
  if (facts.ticket.status === 'solved') {
    decide(ctx, 'LIFECYCLE', 'The ticket is already solved in Zendesk: no reply clock until it reopens');
    state.phase = 'solved';
    state.solvedQuietSince = Date.now();
    return;
  }
  state.phase = 'open';
  startReplyClock(ctx, 'first_reply', Math.min(Date.parse(facts.ticket.createdAt), Date.now()));
}

/** S6 answered, or S2 verified: classify again from fresh facts. */
export async function reclassify(ctx: TicketContext, reason: string): Promise<void> {
  const { state } = ctx;
  const gathered = await gatherAndPlan(ctx);
  if (!gathered) return;
  const { facts, plan } = gathered;
  const before = state.supportLevel;
  if (plan.entitlement.kind === 'ask_situation') return;
  decide(ctx, plan.entitlement.rule, `Re-classified (${reason}): ${plan.entitlement.reason}`);
  // Keyed by the decision count, so that each re-classification writes its own note once.
  const decisionsSoFar = Object.values(state.decisionCounts).reduce((sum, n) => sum + n, 0);
  applyPlan(ctx, facts, plan, `triage-${state.ticketId}-${decisionsSoFar}`);
  if (plan.entitlement.kind === 'no_support_nfr') return;
  state.supportLevel = plan.supportLevel;
  if (state.phase === 'awaiting_situation') {
    state.phase = 'open';
    startReplyClock(ctx, 'first_reply', Date.now());
  } else if (before !== state.supportLevel) {
    retargetClocks(ctx, Date.now());
  }
}

/** S2: the requester's Contact, checked again (on signal, or periodically). */
export async function recheckContact(ctx: TicketContext): Promise<void> {
  const { state } = ctx;
  if (!state.requesterEmail || !state.partnerAccountId) return;
  const email = state.requesterEmail;
  const accountId = state.partnerAccountId;
  let status: Awaited<ReturnType<typeof ticketActivities.verifyContact>>;
  try {
    status = await read(ctx, () =>
      ticketActivities.verifyContact.executeWithOptions({ summary: 'S2: check the Salesforce Contact' }, [
        { email, accountId },
      ]),
    );
  } catch (err) {
    // Refused for good: recorded, and checked again at the next periodic check.
    if (!recordRefusedRead(ctx, err, 'S2 contact check', 'checked again later')) throw err;
    state.nextContactCheckAt = Date.now() + CONTACT_RECHECK_MS;
    return;
  }
  if (status === 'verified') {
    state.contactStatus = 'verified';
    state.nextContactCheckAt = undefined;
    decide(ctx, 'S2', `Contact verified: ${state.requesterEmail} is now on the partner's account`);
    addTags(ctx, ['s2_contact_verified']);
    await reclassify(ctx, 'S2 contact verified');
  } else {
    state.nextContactCheckAt = Date.now() + CONTACT_RECHECK_MS;
  }
}

const A1_FLAG = 'a1_unprovisioned';

/**
 * A1: asked to look again (the representative's provisioning has finished and signalled): the
 * flag goes once Salesforce and Zendesk say the portal account exists.
 */
export async function recheckProvisioning(ctx: TicketContext): Promise<void> {
  const gathered = await gatherAndPlan(ctx);
  if (!gathered || gathered.plan.tags.includes(A1_FLAG)) return;
  const { state } = ctx;
  decide(ctx, 'A1', `${state.requesterEmail} now has a support portal account: A1 flag cleared`);
  state.tags = state.tags.filter((tag) => tag !== A1_FLAG);
  enqueueEffect(ctx, { kind: 'removeTags', tags: [A1_FLAG] });
}

export const isFlaggedUnprovisioned = (ctx: TicketContext): boolean => ctx.state.tags.includes(A1_FLAG);
