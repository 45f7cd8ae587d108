import { describe, expect, it } from 'vitest';
import { tokensMatch } from './auth.ts';

describe('tokensMatch', () => {
	const token = 'correct-horse-battery-staple';

	it('accepts the exact token', () => {
		expect(tokensMatch(token, token)).toBe(true);
	});

	it.each([['wrong'], [''], [`${token}x`], [token.toUpperCase()], [token.slice(0, -1)]])('rejects %j', (given) => {
		expect(tokensMatch(given, token)).toBe(false);
	});
});
