import type { TypedSearchAttributes } from '@temporalio/common';
import { PartnerProgramAttribute } from '../../domain/search-attributes';

/** The `program` label of a ticket: its workflow's PartnerProgram search attribute, lower-cased. */
export type ProgramLookup = () => Promise<string>;

/** What the lookup needs of the activity's Context (a structural subset, so tests can fake it). */
export interface SchedulerContext {
  readonly info: { readonly workflowExecution?: { readonly workflowId: string } };
  readonly client: {
    workflow: {
      getHandle(workflowId: string): {
        describe(): Promise<{ typedSearchAttributes: TypedSearchAttributes }>;
      };
    };
  };
}

/**
 * SLA and STAR notes do not name the partner program, but the ticket workflow publishes it as a
 * search attribute: one `describe` of the workflow that scheduled the activity (rare events: a
 * few per ticket). Search attributes are not encrypted, so no data converter is involved.
 * Anything that goes wrong is `unknown`: a metric label must never fail a write.
 */
export function programOfScheduler(ctx: SchedulerContext): ProgramLookup {
  return async () => {
    const workflowId = ctx.info.workflowExecution?.workflowId;
    if (workflowId === undefined) return 'unknown';
    try {
      const description = await ctx.client.workflow.getHandle(workflowId).describe();
      return description.typedSearchAttributes.get(PartnerProgramAttribute)?.toLowerCase() ?? 'unknown';
    } catch {
      return 'unknown';
    }
  };
}
