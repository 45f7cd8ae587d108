// Random ids and two-part bearer tokens (`<id>.<secret>`), per the Lucia design: the id
// finds the row, only the secret's SHA-256 is stored, and the comparison takes the same
// time whatever the guess, so neither a leaked table nor response timing yields a token.
import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';

/** 15 random bytes: 120 bits, 24 base32 characters. */
export function randomId(bytes = 15): string {
	return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(bytes)));
}

export interface BearerToken {
	id: string;
	secret: string;
	/** What the client holds: `<id>.<secret>`. */
	token: string;
	/** What the server stores. */
	secretHash: string;
}

/** A new token: 120-bit id, 160-bit secret. */
export function newBearerToken(): BearerToken {
	const id = randomId();
	const secret = randomId(20);
	return { id, secret, token: `${id}.${secret}`, secretHash: hashSecret(secret) };
}

export function hashSecret(secret: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(secret)));
}

/** Splits a presented token; undefined when it cannot be one of ours. */
export function parseBearerToken(token: string): { id: string; secret: string } | undefined {
	const match = /^([a-z2-7]{16,64})\.([a-z2-7]{16,64})$/.exec(token);
	return match ? { id: match[1]!, secret: match[2]! } : undefined;
}

/** Whether `secret` hashes to `storedHash`, compared in constant time. */
export function secretMatches(secret: string, storedHash: string): boolean {
	const encoder = new TextEncoder();
	return constantTimeEqual(encoder.encode(hashSecret(secret)), encoder.encode(storedHash));
}
