// Single-use links sent by email. Stored like sessions (id + SHA-256 of the secret); a
// link is spent by deleting its row, and only the request whose delete removed the row
// may act on it, so two clicks racing each other cannot both succeed.
import { and, eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { emailTokens, type EmailTokenPurpose } from '../db/schema.ts';
import { newBearerToken, parseBearerToken, secretMatches } from './tokens.ts';

export interface EmailTokenGrant {
	userId: string;
	email: string;
	/** Sign-up links carry the password chosen in the sign-up that sent them. */
	passwordHash: string | null;
}

export type SpendResult = { ok: true; grant: EmailTokenGrant } | { ok: false; reason: 'invalid' | 'expired' };

export async function issueEmailToken(
	db: D1Database,
	input: { userId: string; email: string; purpose: EmailTokenPurpose; ttlMs: number; passwordHash?: string },
	now = new Date()
): Promise<string> {
	const token = newBearerToken();
	await drizzle(db)
		.insert(emailTokens)
		.values({
			id: token.id,
			userId: input.userId,
			purpose: input.purpose,
			secretHash: token.secretHash,
			email: input.email,
			passwordHash: input.passwordHash ?? null,
			createdAt: now,
			expiresAt: new Date(now.getTime() + input.ttlMs)
		});
	return token.token;
}

/**
 * Checks and spends a link. An expired link is deleted: it can never work again.
 * `accept` may refuse a valid link by throwing (a new password that breaks the rule, say);
 * the link is then left unspent, so the user can fix the form and submit again.
 */
export async function spendEmailToken(
	db: D1Database,
	token: string,
	purpose: EmailTokenPurpose,
	accept: (grant: EmailTokenGrant) => void = () => {},
	now = new Date()
): Promise<SpendResult> {
	const parts = parseBearerToken(token);
	if (!parts) return { ok: false, reason: 'invalid' };
	const orm = drizzle(db);
	const row = await orm
		.select()
		.from(emailTokens)
		.where(and(eq(emailTokens.id, parts.id), eq(emailTokens.purpose, purpose)))
		.get();
	if (!row || !secretMatches(parts.secret, row.secretHash)) return { ok: false, reason: 'invalid' };
	const expired = now.getTime() >= row.expiresAt.getTime();
	const grant: EmailTokenGrant = { userId: row.userId, email: row.email, passwordHash: row.passwordHash };
	if (!expired) accept(grant);
	const spent = await orm.delete(emailTokens).where(eq(emailTokens.id, row.id)).returning({ id: emailTokens.id });
	if (expired) return { ok: false, reason: 'expired' };
	return spent.length === 0 ? { ok: false, reason: 'invalid' } : { ok: true, grant };
}

/** Voids a user's outstanding links of one purpose (after a reset, say, the others must not work). */
export async function voidEmailTokens(db: D1Database, userId: string, purpose: EmailTokenPurpose): Promise<void> {
	await drizzle(db)
		.delete(emailTokens)
		.where(and(eq(emailTokens.userId, userId), eq(emailTokens.purpose, purpose)));
}
