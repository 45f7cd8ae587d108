// /api/account: settings of the signed-in account (decision 0009): profile, email
// address, connected providers, export and deletion. Writes pass the same-origin check;
// the ones that take the password count as sign-in attempts, so they cannot be used to
// guess it; bodies are strict (unknown fields are refused, not ignored).
import { Hono } from 'hono';
import {
	changeEmailRequestSchema,
	confirmEmailChangeSchema,
	deleteAccountRequestSchema,
	profileUpdateSchema,
	type ProfileResponse
} from '../../../../src/lib/protocol/account.ts';
import type { AcceptedResponse, SignedInResponse } from '../../../../src/lib/protocol/auth.ts';
import { oauthProviderSchema, OAUTH_PROVIDER_NAMES, type LinkedAccountsResponse } from '../../../../src/lib/protocol/oauth.ts';
import { exportArchive } from '../account/exportArchive.ts';
import { collectAccountData } from '../account/exportData.ts';
import { ACCOUNT_DATA_SECTIONS } from '../account/sections.ts';
import { confirmEmailChange, deleteAccount, issueEmailChange, readDisplayName, writeDisplayName } from '../account/settings.ts';
import { admitAttempt } from '../auth/attemptLimits.ts';
import { readAuthBody } from '../auth/authBody.ts';
import { appOrigin, clearSessionCookie, requireSession, withSession, type AuthContext, type AuthHono } from '../auth/authContext.ts';
import { emailDeps, runAfterResponse } from '../auth/background.ts';
import { linkFailure } from '../auth/linkFailure.ts';
import { hasPassword } from '../auth/noPassword.ts';
import { listIdentities, unlinkProvider } from '../auth/oauthAccounts.ts';
import { readOAuthConfig } from '../auth/oauthConfig.ts';
import { verifyPassword } from '../auth/password.ts';
import { requireSameOrigin } from '../auth/sameOrigin.ts';
import { findUserByEmail, toAccountUser } from '../auth/users.ts';
import type { UserRow } from '../db/schema.ts';
import { accountDeletedNotice, addressTakenNotice, confirmNewEmail, emailChangedNotice } from '../email/accountEmails.ts';
import { createMailer, type EmailMessage } from '../email/mailer.ts';
import { HttpError } from '../errors.ts';
import { r2BlobStore } from '../space/blobStore.ts';

/** The password, when the account has one, checked as a (limited) sign-in attempt. */
async function confirmPassword(c: AuthContext, user: UserRow, password: string | undefined, what: string): Promise<void> {
	if (!hasPassword(user)) return;
	if (password === undefined) throw new HttpError('invalid_request', `Enter your current password to ${what}.`);
	await admitAttempt(c, 'sign-in');
	if (!verifyPassword(password, user.passwordHash)) throw new HttpError('forbidden', 'Your current password is not right.');
}

/** How recent a sign-in must be to stand in for the password of an account that has none. */
const RECENT_SIGN_IN_MS = 15 * 60 * 1000;

/**
 * An account without a password has nothing to re-enter, so a change that could hand the
 * account to someone else (its address) needs a session begun in the last 15 minutes:
 * a stolen, older session cookie cannot move the account.
 */
function requireRecentSignIn(c: AuthContext, what: string): void {
	const { session } = requireSession(c);
	if (Date.now() - session.createdAt.getTime() > RECENT_SIGN_IN_MS) {
		throw new HttpError('forbidden', `To ${what}, sign out and sign in again (with your provider or an emailed link), then try within 15 minutes.`);
	}
}

async function linkedAccounts(c: AuthContext, user: UserRow): Promise<LinkedAccountsResponse> {
	return {
		accounts: await listIdentities(c.env.DB, user.id),
		available: readOAuthConfig(c.env).map((provider) => provider.id),
		hasPassword: hasPassword(user)
	};
}

/** Sends a notice after the answer, when this server can send email; the change stands either way. */
function notify(c: AuthContext, label: string, message: () => EmailMessage): void {
	const mailer = createMailer(c.get('authConfig'), c.env.DB);
	if (mailer) runAfterResponse(c, label, mailer.send(message()));
}

export const accountRoutes = new Hono<AuthHono>()
	.use(requireSameOrigin(), withSession())
	.get('/profile', async (c) => {
		const { user } = requireSession(c);
		return c.json({ displayName: await readDisplayName(c.env.DB, user.id) } satisfies ProfileResponse);
	})
	.put('/profile', async (c) => {
		const { user } = requireSession(c);
		const { displayName } = await readAuthBody(c.req.raw, profileUpdateSchema);
		return c.json({ displayName: await writeDisplayName(c.env.DB, user.id, displayName) } satisfies ProfileResponse);
	})
	.post('/email', async (c) => {
		const { user } = requireSession(c);
		const { newEmail, password } = await readAuthBody(c.req.raw, changeEmailRequestSchema);
		if (newEmail === user.email) throw new HttpError('invalid_request', 'That is already your email address.');
		await confirmPassword(c, user, password, 'change your email address');
		if (!hasPassword(user)) requireRecentSignIn(c, 'change your email address');
		const deps = emailDeps(c);
		// The same answer whether or not the address has an account (no enumeration): its owner is told instead.
		if (await findUserByEmail(c.env.DB, newEmail)) {
			runAfterResponse(c, 'email change to a taken address', deps.mailer.send(addressTakenNotice(newEmail, deps.origin)));
		} else {
			const token = await issueEmailChange(c.env.DB, user.id, newEmail);
			runAfterResponse(c, 'email change', deps.mailer.send(confirmNewEmail(newEmail, deps.origin, token)));
		}
		return c.json(
			{ ok: true, message: `Check ${newEmail}: we sent it a link that makes it your address. Until you open it (within 1 hour), your address stays ${user.email}.` } satisfies AcceptedResponse,
			202
		);
	})
	.post('/email/confirm', async (c) => {
		await admitAttempt(c, 'verify');
		const { token } = await readAuthBody(c.req.raw, confirmEmailChangeSchema);
		const result = await confirmEmailChange(c.env.DB, token);
		if (!result.ok) {
			if (result.reason === 'taken') throw new HttpError('invalid_request', 'That address now belongs to another Atrium account, so your address was not changed.');
			throw linkFailure(result.reason, 'ask for a new one from your account page');
		}
		if (result.previousEmail !== result.user.email) {
			const origin = appOrigin(c);
			notify(c, 'email change notice', () => emailChangedNotice(result.previousEmail, origin, result.user.email));
		}
		return c.json({ user: toAccountUser(result.user) } satisfies SignedInResponse);
	})
	.get('/oauth', async (c) => {
		const { user } = requireSession(c);
		return c.json(await linkedAccounts(c, user));
	})
	.delete('/oauth/:provider', async (c) => {
		const { user } = requireSession(c);
		const provider = oauthProviderSchema.safeParse(c.req.param('provider'));
		if (!provider.success) throw new HttpError('not_found', 'No such provider: use github or google.');
		const linked = await listIdentities(c.env.DB, user.id);
		if (!linked.some((account) => account.provider === provider.data)) {
			throw new HttpError('not_found', `${OAUTH_PROVIDER_NAMES[provider.data]} is not connected to this account.`);
		}
		if (!hasPassword(user) && linked.length === 1) {
			throw new HttpError(
				'invalid_request',
				`${OAUTH_PROVIDER_NAMES[provider.data]} is the only way you sign in: set a password first (we can email you a link), or connect another provider.`
			);
		}
		await unlinkProvider(c.env.DB, user.id, provider.data);
		return c.json(await linkedAccounts(c, user));
	})
	.get('/export', async (c) => {
		const { user } = requireSession(c);
		const document = await collectAccountData(ACCOUNT_DATA_SECTIONS, { env: c.env, user });
		const day = document.exportedAt.slice(0, 10);
		c.header('Content-Disposition', `attachment; filename="atrium-account-${day}.json"`);
		c.header('Cache-Control', 'no-store');
		return c.json(document);
	})
	.get('/export/archive', async (c) => {
		const { user } = requireSession(c);
		const document = await collectAccountData(ACCOUNT_DATA_SECTIONS, { env: c.env, user });
		const day = document.exportedAt.slice(0, 10);
		return new Response(exportArchive(document, r2BlobStore(c.env.BLOBS), user.id), {
			headers: { 'Content-Type': 'application/zip', 'Content-Disposition': `attachment; filename="atrium-account-${day}.zip"`, 'Cache-Control': 'no-store' }
		});
	})
	.post('/delete', async (c) => {
		const { user } = requireSession(c);
		const { password, email } = await readAuthBody(c.req.raw, deleteAccountRequestSchema);
		if (hasPassword(user)) {
			await confirmPassword(c, user, password, 'delete your account');
		} else if (email === undefined || email.trim().toLowerCase() !== user.email) {
			throw new HttpError('invalid_request', `Type your email address (${user.email}) to confirm that the account should be deleted.`);
		}
		await deleteAccount(c.env, user);
		clearSessionCookie(c);
		const origin = appOrigin(c);
		notify(c, 'account deletion notice', () => accountDeletedNotice(user.email, origin));
		return c.body(null, 204);
	});
