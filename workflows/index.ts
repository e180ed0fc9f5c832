export { partnerTicket } from './partner-ticket';
export { accountProvisioning } from './account-provisioning';
