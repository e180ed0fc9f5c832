import fc from 'fast-check';
import { compareByOccurredAt, parseInstant } from '../../../domain/instants';

const at = (iso: string): number => Date.parse(iso);

describe('parseInstant', () => {
  test.each<[string, string]>([
    ['2026-11-23T09:00:00Z', '2026-11-23T09:00:00.000Z'],
    ['2026-11-23T09:00:00.5Z', '2026-11-23T09:00:00.500Z'],
    ['2026-11-23T09:00:00.123456789Z', '2026-11-23T09:00:00.123Z'],
    ['2026-11-23T10:00:00+01:00', '2026-11-23T09:00:00.000Z'],
    ['2026-11-23T01:00:00.250-08:00', '2026-11-23T09:00:00.250Z'],
    ['2026-11-23T14:30:00+05:30', '2026-11-23T09:00:00.000Z'],
    ['2028-02-29T23:59:59.999Z', '2028-02-29T23:59:59.999Z'],
    ['0099-01-01T00:00:00Z', '0099-01-01T00:00:00.000Z'],
  ])('%s', (text, expected) => {
    expect(new Date(parseInstant(text) ?? NaN).toISOString()).toBe(expected);
  });

  test.each([
    '',
    'soon',
    '2026-11-23',
    '2026-11-23T09:00Z',
    '2026-11-23T09:00:00',
    '2026-11-23 09:00:00Z',
    '2026-11-23T09:00:00.Z',
    '2026-11-23T09:00:00.1234567890Z',
    '2026-11-23T09:00:00+0100',
    '2026-11-23T09:00:00+24:00',
    '2026-11-23T24:00:00Z',
    '2026-11-23T09:60:00Z',
    '2026-11-23T09:00:60Z',
    '2026-13-01T09:00:00Z',
    '2026-04-31T09:00:00Z',
    '2027-02-29T09:00:00Z',
    ' 2026-11-23T09:00:00Z',
    '2026-11-23T09:00:00Z\n',
    '1764000000000',
  ])('refuses %j', (text) => {
    expect(parseInstant(text)).toBeUndefined();
  });

  test('agrees with Date.parse on millisecond ISO strings', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1970-01-01'), max: new Date('2999-12-31'), noInvalidDate: true }),
        (d) => {
          expect(parseInstant(d.toISOString())).toBe(d.getTime());
        },
      ),
    );
  });
});

/** One instant written many ways: an offset in whole minutes and 0–9 fractional digits. */
function render(epochMs: number, nanos: number, offsetMinutes: number, digits: number): string {
  const local = new Date(epochMs + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const fraction = (String(epochMs % 1000).padStart(3, '0') + String(nanos).padStart(6, '0')).slice(
    0,
    digits,
  );
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const zone =
    offsetMinutes === 0 && digits % 2 === 0
      ? 'Z'
      : `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${local}${digits > 0 ? `.${fraction}` : ''}${zone}`;
}

const sign = (a: bigint, b: bigint): number => (a > b ? 1 : a < b ? -1 : 0);

// Instants whose sub-second digits are all representable at the chosen precision.
const writtenArb = fc
  .record({
    second: fc.integer({ min: at('2026-01-01T00:00:00Z') / 1000, max: at('2029-01-01T00:00:00Z') / 1000 }),
    nanosOfSecond: fc.integer({ min: 0, max: 999_999_999 }),
    offsetMinutes: fc.integer({ min: -14 * 60, max: 14 * 60 }),
    digits: fc.integer({ min: 0, max: 9 }),
  })
  .map(({ second, nanosOfSecond, offsetMinutes, digits }) => {
    const scale = 10 ** (9 - digits);
    const nanos = Math.floor(nanosOfSecond / scale) * scale; // what `digits` digits can say
    const epochMs = second * 1000 + Math.floor(nanos / 1e6);
    // Nanoseconds since the epoch exceed 2^53: exact comparisons need bigint.
    const exact = BigInt(second) * 1_000_000_000n + BigInt(nanos);
    return { exact, text: render(epochMs, nanos % 1e6, offsetMinutes, digits) };
  });

describe('compareByOccurredAt', () => {
  const event = (occurredAt: string) => ({ occurredAt });

  test('orders by instant where string order is wrong', () => {
    expect('2026-11-23T09:00:00.5Z' < '2026-11-23T09:00:00Z').toBe(true);
    expect(
      compareByOccurredAt(event('2026-11-23T09:00:00.5Z'), event('2026-11-23T09:00:00Z')),
    ).toBeGreaterThan(0);
    expect('2026-11-23T10:30:00+02:00' > '2026-11-23T09:00:00Z').toBe(true);
    expect(
      compareByOccurredAt(event('2026-11-23T10:30:00+02:00'), event('2026-11-23T09:00:00Z')),
    ).toBeLessThan(0);
    expect(
      compareByOccurredAt(event('2026-11-23T09:00:00.0000001Z'), event('2026-11-23T09:00:00.0000002Z')),
    ).toBeLessThan(0);
  });

  test('any two writings compare as their instants do (precision, offsets, nanoseconds)', () => {
    fc.assert(
      fc.property(writtenArb, writtenArb, (a, b) => {
        expect(Math.sign(compareByOccurredAt(event(a.text), event(b.text)))).toBe(sign(a.exact, b.exact));
      }),
      { numRuns: 2000 },
    );
  });

  test('the same instant written differently compares equal', () => {
    fc.assert(
      fc.property(writtenArb, fc.integer({ min: -14 * 60, max: 14 * 60 }), (a, offset) => {
        const seconds = Number(a.exact / 1_000_000_000n);
        const nanos = Number(a.exact % 1_000_000_000n);
        const other = render(seconds * 1000 + Math.floor(nanos / 1e6), nanos % 1e6, offset, 9);
        expect(compareByOccurredAt(event(a.text), event(other))).toBe(0);
      }),
    );
  });

  test('a stable sort orders by instant, keeps delivery order on ties, and puts unreadable times last', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof({ weight: 5, arbitrary: writtenArb }, { weight: 1, arbitrary: fc.constant(null) }),
          {
            maxLength: 30,
          },
        ),
        (writings) => {
          const events = writings.map((w, delivered) => ({
            delivered,
            readable: w !== null,
            exact: w?.exact ?? 0n,
            occurredAt: w?.text ?? 'not a time',
          }));
          const sorted = [...events].sort(compareByOccurredAt);
          for (let i = 1; i < sorted.length; i++) {
            const [prev, next] = [sorted[i - 1], sorted[i]];
            expect(Number(prev.readable)).toBeGreaterThanOrEqual(Number(next.readable));
            if (prev.readable && next.readable) expect(prev.exact <= next.exact).toBe(true);
            const tie = prev.readable === next.readable && prev.exact === next.exact;
            if (tie) expect(prev.delivered).toBeLessThan(next.delivered);
          }
        },
      ),
    );
  });
});
