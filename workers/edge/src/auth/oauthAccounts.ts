// Provider identities linked to accounts (decision 0009): finding the account an identity
// signs in to, linking by an address the provider has verified, creating an account for a
// new address, listing and unlinking.
import { and, eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import type { LinkedAccount, OAuthFailure, OAuthProvider } from '../../../../src/lib/protocol/oauth.ts';
import { emailTokens, oauthAccounts, sessions, users, type UserRow } from '../db/schema.ts';
import type { ProviderIdentity } from './oauthIdentity.ts';
import { NO_PASSWORD } from './noPassword.ts';
import { createUser, findUserByEmail } from './users.ts';

export async function findUserByIdentity(db: D1Database, provider: OAuthProvider, providerUserId: string): Promise<UserRow | undefined> {
	const row = await drizzle(db)
		.select({ user: users })
		.from(oauthAccounts)
		.innerJoin(users, eq(oauthAccounts.userId, users.id))
		.where(and(eq(oauthAccounts.provider, provider), eq(oauthAccounts.providerUserId, providerUserId)))
		.get();
	return row?.user;
}

/** Links the identity to `userId`; false when it is linked to another account already. */
export async function linkIdentity(db: D1Database, userId: string, provider: OAuthProvider, identity: ProviderIdentity, now = new Date()): Promise<boolean> {
	const orm = drizzle(db);
	await orm
		.insert(oauthAccounts)
		.values({ provider, providerUserId: identity.providerUserId, userId, label: identity.label.slice(0, 200), createdAt: now })
		.onConflictDoNothing();
	const owner = await orm
		.select({ userId: oauthAccounts.userId })
		.from(oauthAccounts)
		.where(and(eq(oauthAccounts.provider, provider), eq(oauthAccounts.providerUserId, identity.providerUserId)))
		.get();
	return owner?.userId === userId;
}

/**
 * The account a provider identity signs in to: the one it is linked to; else the account
 * with the address the provider verified (linked now); else a new account for that
 * address. An account nobody had verified yet is taken over cleanly: its password (chosen
 * by whoever signed up, perhaps not the mailbox's owner) is dropped and its sessions end.
 */
export async function resolveIdentity(
	db: D1Database,
	provider: OAuthProvider,
	identity: ProviderIdentity,
	now = new Date()
): Promise<{ ok: true; user: UserRow } | { ok: false; failure: OAuthFailure }> {
	const linked = await findUserByIdentity(db, provider, identity.providerUserId);
	if (linked) return { ok: true, user: linked };
	if (!identity.email) return { ok: false, failure: 'unverified_email' };
	let user = (await findUserByEmail(db, identity.email)) ?? (await createUser(db, identity.email, NO_PASSWORD, now));
	user ??= await findUserByEmail(db, identity.email);
	if (!user) return { ok: false, failure: 'provider_error' };
	if (!user.emailVerifiedAt) {
		const orm = drizzle(db);
		await orm.batch([
			orm.update(users).set({ emailVerifiedAt: now, passwordHash: NO_PASSWORD }).where(eq(users.id, user.id)),
			orm.delete(sessions).where(eq(sessions.userId, user.id)),
			orm.delete(emailTokens).where(eq(emailTokens.userId, user.id))
		]);
		user = { ...user, emailVerifiedAt: now, passwordHash: NO_PASSWORD };
	}
	if (!(await linkIdentity(db, user.id, provider, identity, now))) return { ok: false, failure: 'linked_elsewhere' };
	return { ok: true, user };
}

export async function listIdentities(db: D1Database, userId: string): Promise<LinkedAccount[]> {
	const rows = await drizzle(db).select().from(oauthAccounts).where(eq(oauthAccounts.userId, userId)).orderBy(oauthAccounts.createdAt);
	return rows.map((row) => ({ provider: row.provider as OAuthProvider, label: row.label, createdAt: row.createdAt.toISOString() }));
}

/** Unlinks every identity of `provider` from the account; false when none was linked. */
export async function unlinkProvider(db: D1Database, userId: string, provider: OAuthProvider): Promise<boolean> {
	const removed = await drizzle(db)
		.delete(oauthAccounts)
		.where(and(eq(oauthAccounts.userId, userId), eq(oauthAccounts.provider, provider)))
		.returning({ id: oauthAccounts.providerUserId });
	return removed.length > 0;
}
