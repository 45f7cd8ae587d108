import { describe, expect, it } from 'vitest';
import { cleanModelTitle, fallbackTitle } from './title.ts';

describe('titles', () => {
	it('falls back to the first words of the first message', () => {
		expect(fallbackTitle('  How do   I sort a list?\nThanks')).toBe('How do I sort a list? Thanks');
		expect(fallbackTitle('')).toBe('New chat');
		const long = fallbackTitle('Explain the difference between optimistic and pessimistic locking in databases');
		expect(long.endsWith('…')).toBe(true);
		expect(long.length).toBeLessThanOrEqual(49);
		expect(long).not.toMatch(/\s…$/);
	});

	it('cleans what a model answers', () => {
		expect(cleanModelTitle('"Sorting Lists in Python."')).toBe('Sorting Lists in Python');
		expect(cleanModelTitle('Title: **Rust lifetimes**\n\nextra')).toBe('Rust lifetimes');
		expect(cleanModelTitle('Using `zod` with **Hono**')).toBe('Using zod with Hono');
		expect(cleanModelTitle('  \n ')).toBeNull();
		expect(cleanModelTitle('x'.repeat(200))?.length).toBe(80);
	});
});
