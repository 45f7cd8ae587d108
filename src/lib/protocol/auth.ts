// Wire shapes for accounts, shared by the app and the edge: request bodies (validated on
// both sides, so the form and the server give the same message), responses, and the
// password rule. Every message is a full sentence the UI can show as it is.
import { z } from 'zod';
import { COMMON_PASSWORDS } from './commonPasswords.ts';
import { tierSchema } from './tiers.ts';

export const PASSWORD_MIN_LENGTH = 10;
/** Long enough for any passphrase, short enough that a body of them stays small. */
export const PASSWORD_MAX_LENGTH = 256;
/** RFC 5321's limit on a forward path. */
export const EMAIL_MAX_LENGTH = 254;
/** Largest account request body the edge accepts, in bytes. */
export const MAX_AUTH_BODY_BYTES = 8 * 1024;

/** The rule as the forms state it. */
export const PASSWORD_RULE = `At least ${PASSWORD_MIN_LENGTH} characters, not a common password, and not containing your email address.`;

/** Emails are compared and stored lower-cased and trimmed. */
export function normalizeEmail(email: string): string {
	return email.trim().toLowerCase();
}

/**
 * Why `password` breaks the rule, as a sentence, or undefined when it is acceptable.
 * Length counts characters (code points), so a passphrase in any script counts fairly.
 */
export function passwordProblem(password: string, email?: string): string | undefined {
	const length = [...password].length;
	if (length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters for your password.`;
	if (length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters for your password.`;
	const lower = password.toLowerCase();
	if (COMMON_PASSWORDS.has(lower) || new Set(lower).size < 4) {
		return 'This password is one of the first an attacker would try: choose another.';
	}
	if (email) {
		const address = normalizeEmail(email);
		const local = address.split('@')[0] ?? '';
		if (lower.includes(address) || (local.length >= 3 && lower.includes(local))) {
			return 'Your password must not contain your email address.';
		}
	}
	return undefined;
}

export const emailSchema = z
	.string({ error: 'Enter your email address.' })
	.trim()
	.toLowerCase()
	.min(1, { error: 'Enter your email address.' })
	.max(EMAIL_MAX_LENGTH, { error: `An email address has at most ${EMAIL_MAX_LENGTH} characters.` })
	.pipe(z.email({ error: 'Enter a valid email address, like name@example.com.' }));

/** A password being checked (sign-in): any length up to the cap, so old rules keep working. */
const givenPasswordSchema = z
	.string({ error: 'Enter your password.' })
	.min(1, { error: 'Enter your password.' })
	.max(PASSWORD_MAX_LENGTH, { error: `A password has at most ${PASSWORD_MAX_LENGTH} characters.` });

/** A password being set: the rule, less the email part, which needs the account's address. */
const newPasswordSchema = z.string({ error: 'Enter a new password.' }).superRefine((password, ctx) => {
	const problem = passwordProblem(password);
	if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** Emailed links carry `<id>.<secret>`, both lower-case base32. */
export const linkTokenSchema = z
	.string({ error: 'This link is incomplete: open it from the email again.' })
	.regex(/^[a-z2-7]{16,64}\.[a-z2-7]{16,64}$/, { error: 'This link is incomplete: open it from the email again.' });

const bodyObject = <T extends z.ZodRawShape>(shape: T) => z.object(shape, { error: 'Send the request as a JSON object.' });

export const signUpRequestSchema = bodyObject({ email: emailSchema, password: newPasswordSchema }).superRefine((body, ctx) => {
	// Runs even when a field failed; only the email part of the rule is left to check here.
	const { email, password } = body as { email: unknown; password: unknown };
	if (typeof email !== 'string' || typeof password !== 'string' || passwordProblem(password)) return;
	const problem = passwordProblem(password, email);
	if (problem) ctx.addIssue({ code: 'custom', path: ['password'], message: problem });
});
export type SignUpRequest = z.infer<typeof signUpRequestSchema>;

export const signInRequestSchema = bodyObject({ email: emailSchema, password: givenPasswordSchema });
export type SignInRequest = z.infer<typeof signInRequestSchema>;

/** Password reset requests, new verification links, magic links: an address only. */
export const emailRequestSchema = bodyObject({ email: emailSchema });
export type EmailRequest = z.infer<typeof emailRequestSchema>;

export const linkTokenRequestSchema = bodyObject({ token: linkTokenSchema });
export type LinkTokenRequest = z.infer<typeof linkTokenRequestSchema>;

export const resetPasswordRequestSchema = bodyObject({ token: linkTokenSchema, password: newPasswordSchema });
export type ResetPasswordRequest = z.infer<typeof resetPasswordRequestSchema>;

/** A second-factor code: 6 digits from an authenticator app, or a recovery code. */
export const codeRequestSchema = bodyObject({
	code: z
		.string({ error: 'Enter the code.' })
		.trim()
		.min(6, { error: 'Enter the 6-digit code from your authenticator app, or a recovery code.' })
		.max(32, { error: 'That code is too long: enter the 6-digit code from your authenticator app, or a recovery code.' })
});
export type CodeRequest = z.infer<typeof codeRequestSchema>;

export const changePasswordRequestSchema = bodyObject({
	currentPassword: givenPasswordSchema,
	newPassword: newPasswordSchema
});
export type ChangePasswordRequest = z.infer<typeof changePasswordRequestSchema>;

export const accountUserSchema = z.object({
	id: z.string(),
	email: z.string(),
	emailVerified: z.boolean(),
	twoFactorEnabled: z.boolean(),
	/** What the account may use (tiers.ts); older cached answers lack it. */
	tier: tierSchema.default('free'),
	createdAt: z.string()
});
export type AccountUser = z.infer<typeof accountUserSchema>;

/**
 * `GET /api/me`: the signed-in user, or null (accounts are optional). `twoFactorPending`:
 * the password was right, and this browser still has to enter a code to finish signing in.
 */
export const meResponseSchema = z.object({ user: accountUserSchema.nullable(), twoFactorPending: z.boolean() });
export type MeResponse = z.infer<typeof meResponseSchema>;

/** Sign-in: the user, or (two-factor on) null until a code is sent to /api/auth/two-factor/verify. */
export const signInResponseSchema = z.object({ user: accountUserSchema.nullable(), twoFactorRequired: z.boolean() });
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
	userAgent: z.string().nullable(),
	createdAt: z.string(),
	lastSeenAt: z.string(),
	expiresAt: z.string(),
	/** The session this request came with. */
	current: z.boolean()
});
export type SessionInfo = z.infer<typeof sessionInfoSchema>;

export const sessionsResponseSchema = z.object({ sessions: z.array(sessionInfoSchema) });
export type SessionsResponse = z.infer<typeof sessionsResponseSchema>;

/** `GET /api/dev/outbox` (development only): emails the edge would have sent. */
export const outboxMessageSchema = z.object({
	id: z.number().int(),
	to: z.string(),
	subject: z.string(),
	text: z.string(),
	html: z.string(),
	createdAt: z.string()
});
export type OutboxMessage = z.infer<typeof outboxMessageSchema>;

export const outboxResponseSchema = z.object({ messages: z.array(outboxMessageSchema) });
export type OutboxResponse = z.infer<typeof outboxResponseSchema>;
