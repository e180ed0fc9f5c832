import { createTicketActivities, type TicketActivityDeps } from './tickets';

export type ActivityDeps = TicketActivityDeps;

/** Every activity the worker registers, built over the clients it is given. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createTicketActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
