// Two-factor codes: TOTP (RFC 6238: HMAC-SHA1, 30 s steps, 6 digits, what every
// authenticator app speaks) with one step of clock drift either way, each step usable
// once; and recovery codes, random and single-use, stored as SHA-256 like link secrets.
import { generateHOTP, createTOTPKeyURI } from '@oslojs/otp';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { decodeHex, encodeBase32UpperCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { hashSecret, randomId } from './tokens.ts';

const STEP_SECONDS = 30;
const DIGITS = 6;
const DRIFT_STEPS = 1;
export const RECOVERY_CODE_COUNT = 10;

export interface NewTotpKey {
	/** Stored (hex). */
	keyHex: string;
	/** For typing into an authenticator app (base32). */
	secret: string;
	/** For scanning or opening (`otpauth://totp/...`). */
	uri: string;
}

export function newTotpKey(accountName: string): NewTotpKey {
	const key = crypto.getRandomValues(new Uint8Array(20));
	return {
		keyHex: encodeHexLowerCase(key),
		secret: encodeBase32UpperCaseNoPadding(key),
		uri: createTOTPKeyURI('Atrium', accountName, key, STEP_SECONDS, DIGITS)
	};
}

/** A typed code with spaces and dashes removed, lower-cased. */
export function normalizeCode(code: string): string {
	return code.replace(/[\s-]/g, '').toLowerCase();
}

export function looksLikeTotp(code: string): boolean {
	return new RegExp(`^\\d{${DIGITS}}$`).test(normalizeCode(code));
}

/**
 * The time step `code` belongs to, if it is valid now (± one step) and later than
 * `lastStep`; undefined otherwise. Every candidate is compared, in constant time.
 */
export function acceptTotp(keyHex: string, code: string, lastStep: number | null, now = Date.now()): number | undefined {
	const key = decodeHex(keyHex);
	const given = new TextEncoder().encode(normalizeCode(code));
	const current = Math.floor(now / 1000 / STEP_SECONDS);
	let accepted: number | undefined;
	for (let step = current - DRIFT_STEPS; step <= current + DRIFT_STEPS; step++) {
		const expected = new TextEncoder().encode(generateHOTP(key, BigInt(step), DIGITS));
		if (constantTimeEqual(expected, given) && (lastStep === null || step > lastStep)) accepted = step;
	}
	return accepted;
}

/** Ten fresh codes, shown once as `xxxxx-xxxxx`; only their hashes are kept. */
export function newRecoveryCodes(): { codes: string[]; hashes: string[] } {
	const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
		const raw = randomId(7).slice(0, 10);
		return `${raw.slice(0, 5)}-${raw.slice(5)}`;
	});
	return { codes, hashes: codes.map((code) => hashSecret(normalizeCode(code))) };
}

/** The id of the stored recovery code `code` matches, compared in constant time with each. */
export function matchRecoveryCode(code: string, stored: readonly { id: number; codeHash: string }[]): number | undefined {
	const given = new TextEncoder().encode(hashSecret(normalizeCode(code)));
	let match: number | undefined;
	for (const row of stored) if (constantTimeEqual(new TextEncoder().encode(row.codeHash), given)) match = row.id;
	return match;
}
