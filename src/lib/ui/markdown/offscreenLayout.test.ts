import { describe, expect, it } from 'vitest';
import { laysOutOnScreenFirst, minBlocks } from './offscreenLayout.ts';

describe('laysOutOnScreenFirst', () => {
	it('takes long first renders only', () => {
		expect(laysOutOnScreenFirst(minBlocks)).toBe(true);
		expect(laysOutOnScreenFirst(149)).toBe(true);
		expect(laysOutOnScreenFirst(minBlocks - 1)).toBe(false);
		expect(laysOutOnScreenFirst(0)).toBe(false);
	});
});
