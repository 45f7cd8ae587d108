// What the account endpoints answer, shared by the app and the edge (auth.ts re-exports
// it). zod/mini, whose functions tree-shake: the app checks `GET /api/me` as it opens, and
// this keeps zod's whole classic API out of its first screen (decision 0022).
import * as z from 'zod/mini';
import { tierSchema } from './tiers.ts';

export const accountUserSchema = z.object({
	id: z.string(),
	email: z.string(),
	emailVerified: z.boolean(),
	twoFactorEnabled: z.boolean(),
	/** What the account may use (tiers.ts); older cached answers lack it. */
	tier: z._default(tierSchema, 'free'),
	createdAt: z.string()
});
export type AccountUser = z.infer<typeof accountUserSchema>;

/**
 * `GET /api/me`: the signed-in user, or null (accounts are optional). `twoFactorPending`:
 * the password was right, and this browser still has to enter a code to finish signing in.
 */
export const meResponseSchema = z.object({ user: z.nullable(accountUserSchema), twoFactorPending: z.boolean() });
export type MeResponse = z.infer<typeof meResponseSchema>;

/** Sign-in: the user, or (two-factor on) null until a code is sent to /api/auth/two-factor/verify. */
export const signInResponseSchema = z.object({ user: z.nullable(accountUserSchema), twoFactorRequired: z.boolean() });
export type SignInResponse = z.infer<typeof signInResponseSchema>;

/** Verification, second factors and password changes answer with the now signed-in user. */
export const signedInResponseSchema = z.object({ user: accountUserSchema });
export type SignedInResponse = z.infer<typeof signedInResponseSchema>;

/**
 * Sign-up, reset and other email-sending requests answer the same whether or not the
 * address has an account, so the answer cannot be used to learn who has one.
 */
export const acceptedResponseSchema = z.object({ ok: z.literal(true), message: z.string() });
export type AcceptedResponse = z.infer<typeof acceptedResponseSchema>;

/** `POST /api/auth/two-factor/setup`: the key to add to an authenticator app. */
export const totpSetupResponseSchema = z.object({ secret: z.string(), uri: z.string() });
export type TotpSetupResponse = z.infer<typeof totpSetupResponseSchema>;

/** Two-factor turned on: the recovery codes, shown this once. */
export const recoveryCodesResponseSchema = z.object({ user: accountUserSchema, recoveryCodes: z.array(z.string()) });
export type RecoveryCodesResponse = z.infer<typeof recoveryCodesResponseSchema>;

export const sessionInfoSchema = z.object({
	/** The session's public id (never its secret). */
	id: z.string(),
	userAgent: z.nullable(z.string()),
	createdAt: z.string(),
	lastSeenAt: z.string(),
	expiresAt: z.string(),
	/** The session this request came with. */
	current: z.boolean()
});
export type SessionInfo = z.infer<typeof sessionInfoSchema>;

export const sessionsResponseSchema = z.object({ sessions: z.array(sessionInfoSchema) });
export type SessionsResponse = z.infer<typeof sessionsResponseSchema>;
