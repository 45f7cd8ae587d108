import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compareHlc, hlcNow, hlcReceive, HlcError, initialHlc, MAX_DRIFT_MS, parseHlc, serializeHlc } from './hlc.ts';

describe('hybrid logical clock', () => {
	it('follows wall time and counts within one millisecond', () => {
		const a = hlcNow(initialHlc('a1'), 1_000);
		const b = hlcNow(a, 1_000);
		const c = hlcNow(b, 2_000);
		expect([a.counter, b.counter, c.counter]).toEqual([0, 1, 0]);
		expect(compareHlc(serializeHlc(a), serializeHlc(b))).toBeLessThan(0);
		expect(compareHlc(serializeHlc(b), serializeHlc(c))).toBeLessThan(0);
	});

	it('never goes backwards when the wall clock does', () => {
		const a = hlcNow(initialHlc('a1'), 5_000);
		const b = hlcNow(a, 4_000);
		expect(b.wall).toBe(5_000);
		expect(compareHlc(serializeHlc(a), serializeHlc(b))).toBeLessThan(0);
	});

	it('after receiving, is later than the remote event even when the local clock is behind', () => {
		const remote = hlcNow(initialHlc('b2'), 9_000);
		const local = hlcReceive(hlcNow(initialHlc('a1'), 1_000), remote, 1_001);
		expect(local).toEqual({ wall: 9_000, counter: 1, node: 'a1' });
		expect(compareHlc(serializeHlc(remote), serializeHlc(local))).toBeLessThan(0);
	});

	it('refuses a remote clock more than a day ahead', () => {
		const remote = { wall: 10 + MAX_DRIFT_MS + 1, counter: 0, node: 'b2' };
		expect(() => hlcReceive(initialHlc('a1'), remote, 10)).toThrow(HlcError);
	});

	it('rejects bad node ids and malformed timestamps', () => {
		expect(() => initialHlc('Bad Node')).toThrow(/node id/);
		expect(() => parseHlc('12-3-x')).toThrow(/Not an HLC/);
	});

	it('round-trips through its string form, and string order is timestamp order', () => {
		const stamp = fc.record({ wall: fc.integer({ min: 0, max: 2 ** 47 }), counter: fc.integer({ min: 0, max: 999_999 }), node: fc.stringMatching(/^[0-9a-z]{1,8}$/) });
		fc.assert(
			fc.property(stamp, stamp, (a, b) => {
				expect(parseHlc(serializeHlc(a))).toEqual(a);
				const numeric = a.wall - b.wall || a.counter - b.counter;
				if (numeric !== 0) expect(Math.sign(compareHlc(serializeHlc(a), serializeHlc(b)))).toBe(Math.sign(numeric));
			})
		);
	});

	it('is strictly increasing over any mix of local events and receipts', () => {
		const step = fc.oneof(
			fc.record({ kind: fc.constant('local' as const), now: fc.integer({ min: 0, max: 50 }) }),
			fc.record({ kind: fc.constant('receive' as const), now: fc.integer({ min: 0, max: 50 }), wall: fc.integer({ min: 0, max: 60 }), counter: fc.integer({ min: 0, max: 5 }) })
		);
		fc.assert(
			fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
				let clock = initialHlc('a1');
				let previous = serializeHlc(clock);
				for (const s of steps) {
					clock = s.kind === 'local' ? hlcNow(clock, s.now) : hlcReceive(clock, { wall: s.wall, counter: s.counter, node: 'b2' }, s.now);
					const next = serializeHlc(clock);
					expect(compareHlc(previous, next)).toBeLessThan(0);
					previous = next;
				}
			})
		);
	});
});
