export { partnerTicket } from './partner-ticket';
