import { ActivityFailure, ApplicationFailure, setHandler } from '@temporalio/workflow';
import { reloadSlaPolicyUpdate } from '../definitions';
import { decide, isTerminal, ticketActivities, type TicketContext } from './context';
import { advanceClocks, retargetClocks } from './sla-clocks';
import type { PolicyReloadResult } from './types';

/**
 * `reloadSlaPolicy`: an SLA policy version rolled out to a running ticket. Clocks keep the
 * business time they consumed and take the new version's targets and calendars from now on.
 */
export function registerPolicyRollout(ctx: TicketContext, publish: () => void): void {
  const { state } = ctx;
  setHandler(
    reloadSlaPolicyUpdate,
    async ({ version }: { version: string }): Promise<PolicyReloadResult> => {
      const next = await ticketActivities.loadSlaPolicy({ version: version.trim() }).catch((err: unknown) => {
        // The update fails with the reason (e.g. an unknown version); the ticket is unchanged.
        const reason = err instanceof ActivityFailure && err.cause ? err.cause.message : String(err);
        throw ApplicationFailure.nonRetryable(
          `SLA policy ${version} not rolled out: ${reason}`,
          'PolicyNotLoaded',
        );
      });
      const previousVersion = state.policyVersion;
      const now = Date.now();
      advanceClocks(ctx, now);
      const retargetedClocks = next.version === previousVersion ? 0 : retargetClocks(ctx, now, next);
      ctx.policy = next;
      state.policyVersion = next.version;
      decide(
        ctx,
        'SLA',
        `SLA policy ${previousVersion ?? '(none)'} → ${next.version}: ${retargetedClocks} clock(s) re-targeted`,
      );
      publish();
      return { previousVersion, version: next.version, retargetedClocks };
    },
    {
      validator: ({ version }: { version: string }) => {
        if (typeof version !== 'string' || !version.trim()) throw new Error('A policy version is required.');
        if (isTerminal(state)) throw new Error('The ticket has ended: its clocks no longer run.');
        if (state.phase === 'intake' || !ctx.policy)
          throw new Error('The ticket is still in intake: try again shortly.');
      },
    },
  );
}
