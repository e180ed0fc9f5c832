import { log } from '@temporalio/workflow';
import type { FailureTypes } from '../../activities/errors';
import type { ProvisioningRefusal } from '../../domain/account-provisioning';
import { failureOf } from './activities';
import type { AccountProvisioningStatus, ProvisioningStep, ProvisioningStepName } from './types';

/** The S4 guard's failure type (activities/errors.ts), checked against it by the compiler. */
export const GUARD_FAILURE: (typeof FailureTypes)['organizationGuard'] = 'OrganizationGuardViolation';

/** Ends the provisioning: the state and the reason are in the status already. */
export class ProvisioningStopped extends Error {}

function record(status: AccountProvisioningStatus, step: ProvisioningStep): void {
  const index = status.steps.findIndex((s) => s.name === step.name);
  if (index >= 0) status.steps[index] = step;
  else status.steps.push(step);
  log.info('provisioning step', { email: status.email, step: step.name, outcome: step.outcome });
}

const now = (): string => new Date().toISOString();

export function stepDone(
  status: AccountProvisioningStatus,
  name: ProvisioningStepName,
  detail?: string,
): void {
  record(status, { name, outcome: 'done', detail, at: now() });
}

export function stepSkipped(
  status: AccountProvisioningStatus,
  name: ProvisioningStepName,
  detail: string,
): void {
  record(status, { name, outcome: 'skipped', detail, at: now() });
}

/** A refusal: recorded, the workflow stops with nothing (more) written. */
export function refuse(
  status: AccountProvisioningStatus,
  name: ProvisioningStepName,
  refusal: ProvisioningRefusal,
  failureType?: string,
): never {
  record(status, { name, outcome: 'refused', detail: refusal.reason, at: now() });
  status.state = 'refused';
  status.refusal = { ...refusal, ...(failureType ? { failureType } : {}) };
  throw new ProvisioningStopped(refusal.reason);
}

/**
 * Runs one step's activity. The S4 guard's refusal becomes a refusal (rule S4); any other
 * failure the activity will not retry ends the provisioning as `failed`, with the step named.
 */
export async function step<T>(
  status: AccountProvisioningStatus,
  name: ProvisioningStepName,
  call: () => Promise<T>,
): Promise<T> {
  record(status, { name, outcome: 'running', at: now() });
  try {
    return await call();
  } catch (err) {
    const failure = failureOf(err);
    if (failure.type === GUARD_FAILURE) {
      refuse(status, name, { code: 'organization_guard', rule: 'S4', reason: failure.message }, failure.type);
    }
    record(status, { name, outcome: 'failed', detail: failure.message, at: now() });
    status.state = 'failed';
    status.failure = { step: name, ...failure };
    throw new ProvisioningStopped(failure.message);
  }
}
