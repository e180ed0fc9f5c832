import { DefaultFailureConverter } from '@temporalio/common';

/**
 * Loaded by path (`failureConverterPath`): by the clients, the worker, and inside the workflow
 * bundle, so it must stay free of Node built-ins. It moves failure messages and stack traces into
 * a payload, which the encryption codec then encrypts: they often quote what was sent or received
 * (a Zendesk error with the ticket's subject, an email address).
 */
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
