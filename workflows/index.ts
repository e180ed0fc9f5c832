export { partnerTicket } from './partner-ticket';
export { accountProvisioning } from './account-provisioning';
export { accountDeprovisioning } from './account-provisioning/deprovision';
export { partnerAccountsReconcile } from './account-provisioning/reconcile';
export { fileRetrieval } from './file-retrieval';
export { zendeskTicketEventsReconcile } from './zendesk-reconcile';
export { slackAlertDigest } from './slack-alert-digest';
