// Password hashing: argon2id at OWASP's first recommended setting (m = 19 MiB, t = 2,
// p = 1), pure JavaScript (@noble/hashes), because Workers have no native argon2 and may
// not compile WebAssembly at run time. Measured inside workerd in docs/decisions/0006.
// Hashes are PHC strings, so a later, stronger setting can coexist with older hashes.
import { argon2id } from '@noble/hashes/argon2.js';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { decodeBase64IgnorePadding, encodeBase64NoPadding } from '@oslojs/encoding';

export const ARGON2_PARAMS = { m: 19_456, t: 2, p: 1 } as const;
const HASH_BYTES = 32;
const SALT_BYTES = 16;

/**
 * A hash of a random password nobody knows. Checking a password against it costs what a
 * real check costs, so an unknown email takes as long to refuse as a wrong password.
 */
export const DECOY_PASSWORD_HASH = '$argon2id$v=19$m=19456,t=2,p=1$C2VNqhOo3fxTg/ljfgUYzw$Y82smLggm3183rMm3zUE1XgDKWesmJiZ1YuDe3ko2PQ';

export function hashPassword(password: string): string {
	const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
	const hash = derive(password, salt, ARGON2_PARAMS, HASH_BYTES);
	const { m, t, p } = ARGON2_PARAMS;
	return `$argon2id$v=19$m=${m},t=${t},p=${p}$${encodeBase64NoPadding(salt)}$${encodeBase64NoPadding(hash)}`;
}

/** Whether `password` matches `phc`; false (never a throw) for a malformed hash. */
export function verifyPassword(password: string, phc: string): boolean {
	const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/.exec(phc);
	if (!match) return false;
	const [, m, t, p, salt, hash] = match as unknown as [string, string, string, string, string, string];
	const expected = decodeBase64IgnorePadding(hash);
	const actual = derive(password, decodeBase64IgnorePadding(salt), { m: Number(m), t: Number(t), p: Number(p) }, expected.length);
	return constantTimeEqual(actual, expected);
}

function derive(password: string, salt: Uint8Array, params: { m: number; t: number; p: number }, dkLen: number): Uint8Array {
	// NFKC, so the same password typed on another keyboard or OS hashes the same.
	return argon2id(new TextEncoder().encode(password.normalize('NFKC')), salt, { ...params, dkLen });
}
