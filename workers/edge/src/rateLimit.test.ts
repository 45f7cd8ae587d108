import { describe, expect, it } from 'vitest';
import { decideSlidingWindow } from './rateLimit.ts';

const policy = { limit: 3, windowMs: 10_000 };

describe('decideSlidingWindow', () => {
	it('allows calls while the window has room, counting down what remains', () => {
		expect(decideSlidingWindow([], 50_000, policy)).toEqual({ allowed: true, remaining: 2 });
		expect(decideSlidingWindow([45_000, 46_000], 50_000, policy)).toEqual({ allowed: true, remaining: 0 });
	});

	it('refuses the call over the limit until the oldest counted call leaves the window', () => {
		expect(decideSlidingWindow([45_000, 46_000, 47_000], 50_000, policy)).toEqual({ allowed: false, retryAfterMs: 5_000 });
	});

	it('ignores calls older than the window', () => {
		expect(decideSlidingWindow([30_000, 40_000, 45_000, 46_000], 50_000, policy)).toEqual({ allowed: true, remaining: 0 });
	});

	it('slides: a call exactly one window old no longer counts', () => {
		expect(decideSlidingWindow([40_000, 41_000, 42_000], 50_000, policy)).toEqual({ allowed: true, remaining: 0 });
	});
});
