import { describe, expect, it } from 'vitest';
import { keyboardInset } from './keyboardInset.ts';

describe('keyboardInset', () => {
	it('is what the visual viewport leaves uncovered at the bottom of the layout', () => {
		// iOS Safari: the layout stays 844 tall, the keyboard shrinks the visual viewport.
		expect(keyboardInset(844, 508, 0)).toBe(336);
		// Scrolled up inside the visual viewport: less of the layout is below it.
		expect(keyboardInset(844, 508, 100)).toBe(236);
	});

	it('is zero where the browser resizes the layout itself, and never negative', () => {
		expect(keyboardInset(508, 508, 0)).toBe(0);
		expect(keyboardInset(800, 800.4, 0)).toBe(0);
	});
});
