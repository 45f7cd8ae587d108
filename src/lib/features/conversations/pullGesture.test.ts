import { describe, expect, it } from 'vitest';
import { PullGesture } from './pullGesture.ts';

describe('PullGesture', () => {
	it('refreshes after a long enough pull from the top', () => {
		const pull = new PullGesture(60);
		pull.start(100, true);
		expect(pull.move(180)).toBe(true);
		expect(pull.distance).toBe(40);
		expect(pull.armed).toBe(false);
		pull.move(240);
		expect(pull.armed).toBe(true);
		expect(pull.end()).toBe(true);
		expect(pull.distance).toBe(0);
	});

	it('eases off past the threshold', () => {
		const pull = new PullGesture(60);
		pull.start(0, true);
		pull.move(300);
		expect(pull.distance).toBe(60 + (150 - 60) / 3);
	});

	it('leaves it to scrolling when not at the top or when the finger goes up first', () => {
		const away = new PullGesture(60);
		away.start(100, false);
		expect(away.move(400)).toBe(false);
		expect(away.end()).toBe(false);

		const up = new PullGesture(60);
		up.start(100, true);
		expect(up.move(90)).toBe(false);
		expect(up.move(400)).toBe(false);
		expect(up.end()).toBe(false);
	});

	it('does not refresh when let go short of the threshold', () => {
		const pull = new PullGesture(60);
		pull.start(100, true);
		pull.move(200);
		expect(pull.end()).toBe(false);
	});
});
