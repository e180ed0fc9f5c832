import { defineQuery } from '@temporalio/workflow';
import type { AccountProvisioningStatus } from './types';

/** Every step of the provisioning so far and its outcome (also the workflow's result). */
export const provisioningStatusQuery = defineQuery<AccountProvisioningStatus>('status');
