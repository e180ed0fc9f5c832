import { reopensTicket } from '../../../domain/ticket-reopen';

describe('which events reopen a dormant ticket', () => {
  test.each(['new', 'open', 'pending', 'hold'])('status.changed to %s reopens it', (status) => {
    expect(reopensTicket({ type: 'status.changed', status, actor: 'agent' })).toBe(true);
  });

  test.each(['solved', 'closed', undefined])('status.changed to %s does not', (status) => {
    expect(reopensTicket({ type: 'status.changed', status, actor: 'agent' })).toBe(false);
  });

  test("comment.public by the end user reopens it (the requester's reply)", () => {
    expect(reopensTicket({ type: 'comment.public', actor: 'end_user' })).toBe(true);
  });

  test.each(['agent', 'system', undefined] as const)('comment.public by %s does not', (actor) => {
    expect(reopensTicket({ type: 'comment.public', actor })).toBe(false);
  });

  test('impact.changed reopens it', () => {
    expect(reopensTicket({ type: 'impact.changed', actor: 'end_user' })).toBe(true);
  });

  test('comment.private does not', () => {
    expect(reopensTicket({ type: 'comment.private', actor: 'agent' })).toBe(false);
  });

  test('a late ticket.solved does not', () => {
    expect(reopensTicket({ type: 'ticket.solved', actor: 'agent' })).toBe(false);
  });

  test('ticket.closed does not (a closed ticket is never worked on again)', () => {
    expect(reopensTicket({ type: 'ticket.closed', actor: 'system' })).toBe(false);
  });

  test('a redelivered ticket.created does not', () => {
    expect(reopensTicket({ type: 'ticket.created', actor: 'end_user' })).toBe(false);
  });
});
