import { describe, expect, it } from 'vitest';
import { estimateRowHeight, LINE_HEIGHT, ROW_CHROME } from './rowHeight.ts';

describe('estimateRowHeight', () => {
	it('guesses a one-line message within a few pixels of its measured 179–183 px, at phone and desktop widths', () => {
		const short = Array.from({ length: 20 }, (_, i) => `message number ${i}`);
		for (const width of [412, 1280]) {
			const guess = estimateRowHeight(short, width);
			expect(guess).toBeGreaterThanOrEqual(175);
			expect(guess).toBeLessThanOrEqual(187);
		}
	});

	it('counts the text lines of the newest eight messages only, narrower windows wrapping sooner', () => {
		const long = 'A longer message. '.repeat(30);
		const older = Array.from({ length: 30 }, () => long);
		const recent = Array.from({ length: 8 }, () => 'short');
		expect(estimateRowHeight([...older, ...recent], 412)).toBe(ROW_CHROME + LINE_HEIGHT);
		const phone = estimateRowHeight([long], 412);
		const desktop = estimateRowHeight([long], 1280);
		expect(phone).toBeGreaterThan(desktop);
		// A 540-character message measured 537 px at 412 px wide.
		expect(phone).toBeGreaterThan(480);
		expect(phone).toBeLessThan(560);
	});

	it('guesses one line for an empty conversation or an empty message', () => {
		expect(estimateRowHeight([], 412)).toBe(ROW_CHROME + LINE_HEIGHT);
		expect(estimateRowHeight([''], 412)).toBe(ROW_CHROME + LINE_HEIGHT);
	});
});
