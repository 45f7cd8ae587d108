import { describe, expect, it } from 'vitest';
import { ARGON2_PARAMS, DECOY_PASSWORD_HASH, hashPassword, verifyPassword } from './password.ts';

describe('password hashing', { timeout: 30_000 }, () => {
	it('uses argon2id at OWASP’s recommended minimum (19 MiB, 2 passes, 1 lane)', () => {
		expect(ARGON2_PARAMS).toEqual({ m: 19_456, t: 2, p: 1 });
		expect(hashPassword('a passphrase to hash')).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
	});

	it('verifies the right password only, with a fresh salt per hash', () => {
		const first = hashPassword('café au lait 1234');
		expect(hashPassword('café au lait 1234')).not.toBe(first);
		expect(verifyPassword('café au lait 1234', first)).toBe(true);
		// NFKC: the decomposed "é" (e + U+0301) is the same password.
		expect(verifyPassword('cafe\u0301 au lait 1234', first)).toBe(true);
		expect(verifyPassword('café au lait 1235', first)).toBe(false);
	});

	it('treats a malformed hash as no match, and the decoy hash matches nothing likely', () => {
		expect(verifyPassword('anything', 'plaintext')).toBe(false);
		expect(verifyPassword('anything', '$argon2id$v=19$m=19456,t=2,p=1$$')).toBe(false);
		expect(verifyPassword('', DECOY_PASSWORD_HASH)).toBe(false);
	});
});
