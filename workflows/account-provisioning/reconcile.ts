import { continueAsNew, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { ProvisioningActivities } from '../../activities/provisioning-contract';
import type { ReconcileActivities } from '../../activities/provisioning/reconcile';
import {
  driftDigest,
  shouldContinueAsNew,
  type DriftFinding,
  type PartnerOrganizationRef,
  type ReconcileAction,
} from '../../domain/portal-reconciliation';

/**
 * A page is read again until Zendesk and Salesforce answer, for half an hour at most: longer, the
 * run fails and the next scheduled one starts over (runs never overlap, so a run retrying for
 * ever would hold back every later one). Counted in time, not attempts: a storm of 429s with a
 * one-second Retry-After used ten attempts up in seconds. The reads heartbeat while they run, so
 * a page lost with its worker is read again within the heartbeat timeout, not the start-to-close.
 */
const reconcile = proxyActivities<ReconcileActivities & Pick<ProvisioningActivities, 'alertSupportManagers'>>(
  {
    startToCloseTimeout: '5 minutes',
    heartbeatTimeout: '30 seconds',
    scheduleToCloseTimeout: '30 minutes',
    retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
  },
);

export interface ReconcileCounts {
  contactsSeen: number;
  usersSeen: number;
  /** Provisionings started (a representative whose provisioning completed before is not redone). */
  provisioned: number;
  deprovisioned: number;
  /** Starts that joined a running run, found a completed one, or were busy: nothing new started. */
  alreadyHandled: number;
}

/** Where a logical run is, carried across continue-as-new. */
export interface ReconcileProgress {
  /** Contacts (Salesforce pages), then the organizations' members (Zendesk pages). */
  phase: 'contacts' | 'organizations' | 'members';
  /** Salesforce's nextRecordsUrl, or Zendesk's after cursor for `organizations[0]`. */
  cursor: string | null;
  /** The partner organizations whose members are still to be read (the first is being read). */
  organizations: PartnerOrganizationRef[];
  counts: ReconcileCounts;
  /** S4 drift so far: one digest at the very end, whatever the number of runs. */
  drift: DriftFinding[];
  /** The first run's id: the digest's idempotency key stays the same across continue-as-new. */
  firstRunId: string;
  pages: number;
  runs: number;
}

export interface ReconcileOptions {
  /** Pages per run before continue-as-new (sooner if Temporal suggests it). */
  pagesPerRun?: number;
  contactPageSize?: number;
  memberPageSize?: number;
}

export interface ReconcileInput {
  progress?: ReconcileProgress;
  options?: ReconcileOptions;
}

export interface ReconcileResult extends ReconcileCounts {
  drift: DriftFinding[];
  /** S4 drift is reported (one digest per logical run), never fixed automatically. */
  driftAlerted: boolean;
  pages: number;
  /** Runs of the workflow (1 + continue-as-new). */
  runs: number;
}

const defaults: Required<ReconcileOptions> = { pagesPerRun: 50, contactPageSize: 500, memberPageSize: 100 };

/**
 * A1 reconciliation (started by the Schedule `partner-accounts-reconcile`): Salesforce's partner
 * Contacts against the partners' Zendesk organizations, a page per activity. Missing portal users
 * are provisioned (asked by the account owner, so the A1 checks still apply), members without a
 * portal Contact are deprovisioned, and members who are someone else's people (S4 drift) are
 * reported in one Slack digest at the end for a person to decide. Every start goes through the
 * start functions' ID policies. The cursor and the findings live in the input, so the run
 * continues as new whenever its history grows.
 */
export async function partnerAccountsReconcile(input: ReconcileInput = {}): Promise<ReconcileResult> {
  const options = { ...defaults, ...input.options };
  const p: ReconcileProgress = input.progress ?? {
    phase: 'contacts',
    cursor: null,
    organizations: [],
    counts: { contactsSeen: 0, usersSeen: 0, provisioned: 0, deprovisioned: 0, alreadyHandled: 0 },
    drift: [],
    firstRunId: workflowInfo().runId,
    pages: 0,
    runs: 0,
  };
  p.runs += 1;
  for (let pagesThisRun = 0; ; pagesThisRun += 1) {
    if (shouldContinueAsNew(pagesThisRun, options.pagesPerRun, workflowInfo().continueAsNewSuggested)) {
      await continueAsNew<typeof partnerAccountsReconcile>({ progress: p, options: input.options });
    }
    if (p.phase === 'contacts') {
      const page = await reconcile.readPartnerContactsPage({
        cursor: p.cursor,
        pageSize: options.contactPageSize,
      });
      p.counts.contactsSeen += page.contactsSeen;
      await start(page.actions, p.counts);
      p.cursor = page.next;
      if (page.next === null) p.phase = 'organizations';
    } else if (p.phase === 'organizations') {
      p.organizations = await reconcile.listPartnerOrganizations();
      p.phase = 'members';
      p.cursor = null;
    } else {
      const [organization] = p.organizations;
      if (!organization) break;
      const page = await reconcile.readOrganizationMembersPage({
        organization,
        cursor: p.cursor,
        pageSize: options.memberPageSize,
      });
      p.counts.usersSeen += page.usersSeen;
      p.drift.push(...page.actions.filter((a): a is DriftFinding => a.kind === 's4_drift'));
      await start(
        page.actions.filter((a) => a.kind !== 's4_drift'),
        p.counts,
      );
      p.cursor = page.next;
      if (page.next === null) p.organizations.shift();
    }
    p.pages += 1;
  }

  if (p.drift.length > 0) {
    await reconcile.alertSupportManagers({
      idempotencyKey: `s4-drift-${workflowInfo().workflowId}-${p.firstRunId}`,
      text: driftDigest(p.drift),
    });
  }
  return { ...p.counts, drift: p.drift, driftAlerted: p.drift.length > 0, pages: p.pages, runs: p.runs };
}

/** The page's provisionings and deprovisionings, counted by what the start functions did. */
async function start(actions: ReconcileAction[], counts: ReconcileCounts): Promise<void> {
  if (actions.length === 0) return;
  for (const started of await reconcile.startReconcileActions({ actions })) {
    if (started.outcome !== 'running') counts.alreadyHandled += 1;
    else if (started.kind === 'provision') counts.provisioned += 1;
    else counts.deprovisioned += 1;
  }
}
