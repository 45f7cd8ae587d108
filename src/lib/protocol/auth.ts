// Wire shapes for accounts, shared by the app and the edge: request bodies (validated on
// both sides, so the form and the server give the same message), responses, and the
// password rule. Every message is a full sentence the UI can show as it is.
import { z } from 'zod';
import { COMMON_PASSWORDS } from './commonPasswords.ts';

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

// What the account endpoints answer lives in authResponses.ts (zod/mini: the app checks
// `GET /api/me` as it opens, decision 0022).
export * from './authResponses.ts';

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
