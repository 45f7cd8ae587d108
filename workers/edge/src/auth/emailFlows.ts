// The account work that ends in an email. Routes run it after answering (ctx.waitUntil),
// so the answer is the same, and as quick, whether or not the address has an account:
// neither its wording nor its timing tells who has signed up.
import { alreadyRegisteredEmail, LINK_TTL_MINUTES, MAGIC_LINK_TTL_MINUTES, magicLinkEmail, passwordResetEmail, verificationEmail } from '../email/templates.ts';
import type { Mailer } from '../email/mailer.ts';
import type { UserRow } from '../db/schema.ts';
import type { RateLimiter } from '../rateLimiterObject.ts';
import { mayEmail } from './attemptLimits.ts';
import { issueEmailToken } from './emailTokens.ts';
import { hashPassword } from './password.ts';
import { createUser, findUserByEmail } from './users.ts';

export const LINK_TTL_MS = LINK_TTL_MINUTES * 60 * 1000;

export interface EmailFlowDeps {
	db: D1Database;
	limiters: DurableObjectNamespace<RateLimiter>;
	mailer: Mailer;
	/** Where links in emails point (the app's origin). */
	origin: string;
}

/**
 * A new address gets an account and a verification link. An address whose account is
 * not verified yet gets a new link carrying the password just chosen, so whoever controls
 * the mailbox decides the password (an earlier, unverified sign-up by someone else cannot
 * keep theirs). A verified address gets a note that the account already exists.
 */
export async function completeSignUp(deps: EmailFlowDeps, email: string, password: string): Promise<void> {
	const { db, limiters, mailer, origin } = deps;
	const existing = await findUserByEmail(db, email);
	if (existing?.emailVerifiedAt) {
		if (await mayEmail(limiters, email)) await mailer.send(alreadyRegisteredEmail(email, origin));
		return;
	}
	if (!(await mayEmail(limiters, email))) return;
	const passwordHash = hashPassword(password);
	const user = existing ?? (await createUser(db, email, passwordHash)) ?? (await findUserByEmail(db, email));
	if (!user) return;
	const token = await issueEmailToken(db, { userId: user.id, email, purpose: 'verify_email', ttlMs: LINK_TTL_MS, passwordHash });
	await mailer.send(verificationEmail(email, origin, token));
}

/** A fresh verification link that keeps the account's password (sign-in before verifying). */
export async function resendVerification(deps: EmailFlowDeps, user: UserRow): Promise<void> {
	if (!(await mayEmail(deps.limiters, user.email))) return;
	const token = await issueEmailToken(deps.db, { userId: user.id, email: user.email, purpose: 'verify_email', ttlMs: LINK_TTL_MS });
	await deps.mailer.send(verificationEmail(user.email, deps.origin, token));
}

/** A reset link for the address's account; nothing at all for an unknown address. */
export async function sendPasswordReset(deps: EmailFlowDeps, email: string): Promise<void> {
	const user = await findUserByEmail(deps.db, email);
	if (!user || !(await mayEmail(deps.limiters, email))) return;
	const token = await issueEmailToken(deps.db, { userId: user.id, email, purpose: 'reset_password', ttlMs: LINK_TTL_MS });
	await deps.mailer.send(passwordResetEmail(email, deps.origin, token));
}

/** A sign-in link for the address's account; nothing at all for an unknown address. */
export async function sendMagicLink(deps: EmailFlowDeps, email: string): Promise<void> {
	const user = await findUserByEmail(deps.db, email);
	if (!user || !(await mayEmail(deps.limiters, email))) return;
	const ttlMs = MAGIC_LINK_TTL_MINUTES * 60 * 1000;
	const token = await issueEmailToken(deps.db, { userId: user.id, email, purpose: 'magic_link', ttlMs });
	await deps.mailer.send(magicLinkEmail(email, deps.origin, token));
}
