// The token helpers every session, emailed link and invite relies on: a presented secret
// matches only the exact stored hash (every character, the whole length), and a token that
// cannot be one of ours is refused before any lookup.
import { describe, expect, it } from 'vitest';
import { hashSecret, newBearerToken, parseBearerToken, secretMatches } from './tokens.ts';

/** `text` with the character at `index` replaced by another hex digit. */
function withCharChanged(text: string, index: number): string {
	const at = index < 0 ? text.length + index : index;
	const other = text[at] === '0' ? '1' : '0';
	return `${text.slice(0, at)}${other}${text.slice(at + 1)}`;
}

describe('secretMatches', () => {
	it('accepts the secret whose hash is stored, and refuses any other secret', () => {
		const token = newBearerToken();
		expect(secretMatches(token.secret, token.secretHash)).toBe(true);
		expect(secretMatches(newBearerToken().secret, token.secretHash)).toBe(false);
		expect(secretMatches(withCharChanged(token.secret, -1), token.secretHash)).toBe(false);
		expect(secretMatches('', token.secretHash)).toBe(false);
	});

	it('refuses a stored hash that differs in a single character, first, middle or last', () => {
		const { secret, secretHash } = newBearerToken();
		for (const index of [0, secretHash.length / 2, -1]) {
			expect(secretMatches(secret, withCharChanged(secretHash, index)), `character ${index}`).toBe(false);
		}
	});

	it('refuses a stored hash of another length instead of comparing a prefix', () => {
		const { secret, secretHash } = newBearerToken();
		expect(secretHash).toHaveLength(64);
		expect(secretMatches(secret, secretHash.slice(0, 32))).toBe(false);
		expect(secretMatches(secret, secretHash.slice(0, -1))).toBe(false);
		expect(secretMatches(secret, `${secretHash}0`)).toBe(false);
		expect(secretMatches(secret, '')).toBe(false);
	});

	it('compares hashes, so the stored value is never the secret itself', () => {
		const { secret, secretHash } = newBearerToken();
		expect(secretHash).toBe(hashSecret(secret));
		expect(secretHash).not.toContain(secret);
		expect(secretMatches(secret, secret)).toBe(false);
	});
});

describe('parseBearerToken', () => {
	it('splits a token it issued into its id and secret', () => {
		const token = newBearerToken();
		expect(parseBearerToken(token.token)).toEqual({ id: token.id, secret: token.secret });
	});

	it.each([
		['no separator', 'a'.repeat(40)],
		['an empty secret', `${'a'.repeat(24)}.`],
		['characters outside lower-case base32', `${'a'.repeat(24)}.${'A'.repeat(32)}`],
		['a third part', `${'a'.repeat(24)}.${'b'.repeat(32)}.${'c'.repeat(16)}`],
		['a part too short', `${'a'.repeat(15)}.${'b'.repeat(32)}`],
		['a part too long', `${'a'.repeat(24)}.${'b'.repeat(65)}`]
	])('refuses a token with %s', (_case, token) => {
		expect(parseBearerToken(token)).toBeUndefined();
	});
});
