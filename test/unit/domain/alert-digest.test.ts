import {
  acceptAlert,
  DEFAULT_DIGEST_SETTINGS,
  digestMessage,
  emptyDigestState,
  nextBatch,
  nextPostAt,
  type SupportAlert,
} from '../../../domain/alert-digest';

const alert = (ticketId: number, key = 'sla-breach-first_reply-1'): SupportAlert => ({
  ticketId,
  key,
  text: `:rotating_light: SLA breach on ticket #${ticketId} "Runners offline": breached.`,
});

describe('alert digest rules', () => {
  test('a redelivered alert (same ticket and key) is dropped; the same key on another ticket is kept', () => {
    const state = emptyDigestState();
    expect(acceptAlert(state, alert(1), DEFAULT_DIGEST_SETTINGS)).toBe(true);
    expect(acceptAlert(state, alert(1), DEFAULT_DIGEST_SETTINGS)).toBe(false);
    expect(acceptAlert(state, alert(2), DEFAULT_DIGEST_SETTINGS)).toBe(true);
    expect(state).toMatchObject({ received: 2, duplicates: 1 });
    expect(state.pending.map((a) => a.ticketId)).toEqual([1, 2]);
  });

  test('the keys remembered are bounded, oldest forgotten first', () => {
    const settings = { ...DEFAULT_DIGEST_SETTINGS, dedupeWindow: 2 };
    const state = emptyDigestState();
    for (const id of [1, 2, 3]) acceptAlert(state, alert(id), settings);
    expect(state.seen).toEqual(['2/sla-breach-first_reply-1', '3/sla-breach-first_reply-1']);
  });

  test('paced: at once when quiet, else a minimum interval after the last post', () => {
    const state = emptyDigestState();
    expect(nextPostAt(state, DEFAULT_DIGEST_SETTINGS, 5_000)).toBe(5_000);
    state.lastPostAt = 4_500;
    expect(nextPostAt(state, DEFAULT_DIGEST_SETTINGS, 5_000)).toBe(5_500);
    expect(nextPostAt(state, DEFAULT_DIGEST_SETTINGS, 9_000)).toBe(9_000);
  });

  test('a batch is the oldest pending alerts, up to the maximum per message', () => {
    const state = emptyDigestState();
    for (let id = 1; id <= 5; id += 1) acceptAlert(state, alert(id), DEFAULT_DIGEST_SETTINGS);
    const batch = nextBatch(state, { ...DEFAULT_DIGEST_SETTINGS, maxAlertsPerMessage: 3 });
    expect(batch.map((a) => a.ticketId)).toEqual([1, 2, 3]);
  });

  test('one alert reads as itself; several are one message, a line each naming its ticket', () => {
    expect(digestMessage('alerts', 7, [alert(1)])).toEqual({
      // Named with its ticket: two tickets' clocks started in the same second share a key.
      idempotencyKey: '1/sla-breach-first_reply-1',
      text: alert(1).text,
    });
    const message = digestMessage('alerts', 7, [alert(1), alert(2), alert(2, 'star-raised-9-0')]);
    expect(message.idempotencyKey).toBe('digest-alerts-7');
    const lines = message.text.split('\n');
    expect(lines[0]).toBe(':bell: 3 support alerts on 2 tickets (digest):');
    expect(lines.slice(1)).toEqual([`• ${alert(1).text}`, `• ${alert(2).text}`, `• ${alert(2).text}`]);
  });
});
