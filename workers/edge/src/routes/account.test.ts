import { drizzle } from 'drizzle-orm/d1';
import { eq } from 'drizzle-orm';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { accountExportSchema, profileResponseSchema } from '../../../../src/lib/protocol/account.ts';
import { linkedAccountsResponseSchema } from '../../../../src/lib/protocol/oauth.ts';
import { emailTokens, oauthAccounts, sessions, teamInvites, userProfiles, users } from '../db/schema.ts';
import {
	account,
	createAccount,
	FLOW_TIMEOUT_MS,
	GOOD_PASSWORD,
	latestLinkToken,
	outbox,
	SESSION_COOKIE,
	sessionCookie,
	signIn,
	testDb,
	uniqueEmail,
	whoAmI
} from '../../test/accounts.ts';
import { githubUser, oauthEnv, oauthRoundTrip } from '../../test/oauth.ts';
import { callEdge, EDGE_ORIGIN } from '../../test/edge.ts';
import { as, newTeam, person } from '../../test/teams.ts';

async function errorOf(response: Response): Promise<{ code: string; message: string }> {
	return ((await response.json()) as { error: { code: string; message: string } }).error;
}

async function emailOf(userId: string): Promise<string | undefined> {
	return (await drizzle(testDb()).select({ email: users.email }).from(users).where(eq(users.id, userId)).get())?.email;
}

async function userIdOf(email: string): Promise<string> {
	return (await drizzle(testDb()).select({ id: users.id }).from(users).where(eq(users.email, email)).get())!.id;
}

describe('profile', { timeout: FLOW_TIMEOUT_MS }, () => {
	it('saves, shows and clears the display name', async () => {
		const { session } = await createAccount();
		const empty = await account('/api/account/profile', { session });
		expect(profileResponseSchema.parse(await empty.response.json())).toEqual({ displayName: null });
		const saved = await account('/api/account/profile', { method: 'PUT', body: { displayName: '  Ada Lovelace ' }, session });
		expect(await saved.response.json()).toEqual({ displayName: 'Ada Lovelace' });
		expect(await (await account('/api/account/profile', { session })).response.json()).toEqual({ displayName: 'Ada Lovelace' });
		const cleared = await account('/api/account/profile', { method: 'PUT', body: { displayName: '' }, session });
		expect(await cleared.response.json()).toEqual({ displayName: null });
	});

	it('refuses bad input with a clear error and changes nothing', async () => {
		const { session } = await createAccount();
		await account('/api/account/profile', { method: 'PUT', body: { displayName: 'Kept' }, session });
		const cases: [unknown, number, RegExp][] = [
			[{ displayName: 'line\nbreak' }, 400, /cannot contain line breaks/],
			[{ displayName: 'x'.repeat(81) }, 400, /at most 80 characters/],
			[{ displayName: 42 }, 400, /Enter a display name/],
			[{ displayName: 'Ok', admin: true }, 400, /only the expected fields/],
			['[1, 2]', 400, /JSON object/],
			['{not json', 400, /not valid JSON/],
			[JSON.stringify({ displayName: 'y'.repeat(9000) }), 413, /larger than the 8192-byte limit/]
		];
		for (const [body, status, message] of cases) {
			const { response } = await account('/api/account/profile', { method: 'PUT', body, session });
			expect(response.status, JSON.stringify(body).slice(0, 40)).toBe(status);
			expect((await errorOf(response)).message).toMatch(message);
		}
		expect(await (await account('/api/account/profile', { session })).response.json()).toEqual({ displayName: 'Kept' });
	});

	it('needs a session, and refuses cross-site writes', async () => {
		expect((await account('/api/account/profile')).response.status).toBe(401);
		const { session } = await createAccount();
		const forged = await account('/api/account/profile', { method: 'PUT', body: { displayName: 'Evil' }, session, headers: { Origin: 'https://evil.example' } });
		expect(forged.response.status).toBe(403);
		expect(await (await account('/api/account/profile', { session })).response.json()).toEqual({ displayName: null });
	});
});

describe('changing the email address', { timeout: FLOW_TIMEOUT_MS }, () => {
	it('moves the account once the link sent to the new address is opened; the old address is told', async () => {
		const { email, session } = await createAccount();
		const id = await userIdOf(email);
		const newEmail = uniqueEmail('moved');
		const request = await account('/api/account/email', { body: { newEmail: newEmail.toUpperCase(), password: GOOD_PASSWORD }, session });
		expect(request.response.status).toBe(202);
		await request.settled();
		expect(await emailOf(id)).toBe(email);
		const [mail] = await outbox(newEmail);
		expect(mail?.subject).toBe('Confirm your new email for Atrium');
		const token = await latestLinkToken(newEmail, '/account/email');

		const confirm = await account('/api/account/email/confirm', { body: { token } });
		expect(confirm.response.status).toBe(200);
		expect(await confirm.response.json()).toMatchObject({ user: { email: newEmail, emailVerified: true } });
		await confirm.settled();
		expect(await whoAmI(session)).toBe(newEmail);
		expect((await outbox(email)).map((m) => m.subject)).toContain('Your Atrium email address was changed');

		const again = await account('/api/account/email/confirm', { body: { token } });
		expect(again.response.status).toBe(400);
		expect((await errorOf(again.response)).message).toMatch(/not valid or was already used/);
		await signIn(newEmail);
		expect((await account('/api/auth/sign-in', { body: { email, password: GOOD_PASSWORD } })).response.status).toBe(401);
	});

	it('refuses a malformed address, the same address, and a wrong or missing password; nothing changes', async () => {
		const { email, session } = await createAccount();
		const id = await userIdOf(email);
		const cases: [unknown, number, RegExp][] = [
			[{ newEmail: 'not-an-address', password: GOOD_PASSWORD }, 400, /valid email address/],
			[{ newEmail: email, password: GOOD_PASSWORD }, 400, /already your email address/],
			[{ newEmail: uniqueEmail(), password: 'not my password' }, 403, /current password is not right/],
			[{ newEmail: uniqueEmail() }, 400, /Enter your current password to change your email address/],
			[{ newEmail: uniqueEmail(), password: GOOD_PASSWORD, extra: 1 }, 400, /only the expected fields/]
		];
		for (const [body, status, message] of cases) {
			const { response } = await account('/api/account/email', { body, session });
			expect(response.status, JSON.stringify(body)).toBe(status);
			expect((await errorOf(response)).message).toMatch(message);
		}
		expect(await emailOf(id)).toBe(email);
		const pending = await drizzle(testDb()).select().from(emailTokens).where(eq(emailTokens.userId, id));
		expect(pending.filter((row) => row.purpose === 'change_email')).toEqual([]);
	});

	it('answers an address another account has exactly like a free one, tells that address instead, and changes nothing', async () => {
		const { email, session } = await createAccount();
		const other = await createAccount();
		const id = await userIdOf(email);
		const free = uniqueEmail();
		const answers: string[] = [];
		for (const newEmail of [other.email, free]) {
			const asked = await account('/api/account/email', { body: { newEmail, password: GOOD_PASSWORD }, session });
			expect(asked.response.status).toBe(202);
			answers.push(((await asked.response.json()) as { message: string }).message.replace(newEmail, '<address>'));
			await asked.settled();
		}
		expect(answers[0]).toBe(answers[1]);
		const notice = (await outbox(other.email)).filter((mail) => mail.subject === 'Someone tried to use this address for Atrium');
		expect(notice).toHaveLength(1);
		expect(notice[0]!.text).not.toMatch(/#token=/);
		expect((await outbox(free)).map((mail) => mail.subject)).toEqual(['Confirm your new email for Atrium']);
		expect(await emailOf(id)).toBe(email);
		const pending = await drizzle(testDb()).select().from(emailTokens).where(eq(emailTokens.userId, id));
		expect(pending.filter((row) => row.purpose === 'change_email').map((row) => row.email)).toEqual([free]);
	});

	it('refuses an expired link, and a link for an address another account took meanwhile', async () => {
		const { email, session } = await createAccount();
		const id = await userIdOf(email);
		const target = uniqueEmail('late');
		await (await account('/api/account/email', { body: { newEmail: target, password: GOOD_PASSWORD }, session })).settled();
		const token = await latestLinkToken(target, '/account/email');
		await drizzle(testDb()).update(emailTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(emailTokens.userId, id));
		const expired = await account('/api/account/email/confirm', { body: { token } });
		expect((await errorOf(expired.response)).message).toMatch(/has expired/);

		await (await account('/api/account/email', { body: { newEmail: target, password: GOOD_PASSWORD }, session })).settled();
		const second = await latestLinkToken(target, '/account/email');
		await createAccount(target);
		const taken = await account('/api/account/email/confirm', { body: { token: second } });
		expect(taken.response.status).toBe(400);
		expect((await errorOf(taken.response)).message).toMatch(/now belongs to another Atrium account/);
		expect(await emailOf(id)).toBe(email);
	});
});

describe('changing the email of an account without a password', { timeout: FLOW_TIMEOUT_MS }, () => {
	it('needs a recent sign-in instead of the password', async () => {
		const email = uniqueEmail('nopw');
		const { session } = await oauthRoundTrip('github', githubUser(email));
		const fresh = await account('/api/account/email', { body: { newEmail: uniqueEmail('nopw-new') }, session: session! });
		expect(fresh.response.status).toBe(202);
		await fresh.settled();
		const sessionId = session!.split('.')[0]!;
		await drizzle(testDb()).update(sessions).set({ createdAt: new Date(Date.now() - 16 * 60 * 1000) }).where(eq(sessions.id, sessionId));
		const stale = await account('/api/account/email', { body: { newEmail: uniqueEmail('nopw-other') }, session: session! });
		expect(stale.response.status).toBe(403);
		expect((await errorOf(stale.response)).message).toMatch(/sign in again/);
		expect(await whoAmI(session!)).toBe(email);
	});
});

describe('connected accounts', { timeout: FLOW_TIMEOUT_MS }, () => {
	it('lists providers and refuses to disconnect the last way to sign in', async () => {
		const email = uniqueEmail('only-gh');
		const { session } = await oauthRoundTrip('github', githubUser(email));
		const listed = linkedAccountsResponseSchema.parse(await (await account('/api/account/oauth', { session, env: oauthEnv() })).response.json());
		expect(listed.hasPassword).toBe(false);
		expect(listed.available).toEqual(['github', 'google']);
		expect(listed.accounts.map((a) => a.provider)).toEqual(['github']);

		const last = await account('/api/account/oauth/github', { method: 'DELETE', session: session!, env: oauthEnv() });
		expect(last.response.status).toBe(400);
		expect((await errorOf(last.response)).message).toMatch(/only way you sign in/);

		await oauthRoundTrip('google', { id: `g-${crypto.randomUUID()}`, email: uniqueEmail() }, { session }, 'connect');
		const removed = await account('/api/account/oauth/github', { method: 'DELETE', session: session!, env: oauthEnv() });
		expect(removed.response.status).toBe(200);
		expect(linkedAccountsResponseSchema.parse(await removed.response.json()).accounts.map((a) => a.provider)).toEqual(['google']);
		expect((await account('/api/account/oauth/github', { method: 'DELETE', session: session!, env: oauthEnv() })).response.status).toBe(404);
		expect((await account('/api/account/oauth/myspace', { method: 'DELETE', session: session!, env: oauthEnv() })).response.status).toBe(404);
	});

	it('lets an account with a password disconnect its only provider', async () => {
		const { session } = await createAccount();
		await oauthRoundTrip('github', githubUser(uniqueEmail()), { session }, 'connect');
		const removed = await account('/api/account/oauth/github', { method: 'DELETE', session, env: oauthEnv() });
		expect(removed.response.status).toBe(200);
		expect(linkedAccountsResponseSchema.parse(await removed.response.json())).toMatchObject({ accounts: [], hasPassword: true });
	});
});

describe('export my data', { timeout: FLOW_TIMEOUT_MS }, () => {
	it('downloads everything the edge holds about the account, and no secrets', async () => {
		const { email, session } = await createAccount();
		const saved = await account('/api/account/profile', { method: 'PUT', body: { displayName: 'Grace' }, session });
		// The call is counted after the answer: wait for it, so the export below has it.
		await saved.settled();
		await oauthRoundTrip('github', githubUser(uniqueEmail(), { login: 'grace-gh' }), { session }, 'connect');
		const { response } = await account('/api/account/export', { session });
		expect(response.status).toBe(200);
		expect(response.headers.get('Content-Disposition')).toMatch(/^attachment; filename="atrium-account-\d{4}-\d{2}-\d{2}\.json"$/);
		const text = await response.text();
		const exported = accountExportSchema.parse(JSON.parse(text));
		expect(Object.keys(exported.sections)).toEqual(['account', 'sessions', 'connectedAccounts', 'pendingEmailLinks', 'usage', 'pushSubscriptions', 'teams', 'teamInvites', 'rooms', 'sync', 'emails']);
		expect(exported.data.account).toMatchObject({ email, displayName: 'Grace', hasPassword: true, twoFactorEnabled: false });
		expect(exported.data.sessions).toHaveLength(1);
		expect(exported.data.connectedAccounts).toMatchObject([{ provider: 'github', label: 'grace-gh' }]);
		// The profile save above was an API call, counted for today.
		expect((exported.data.usage as { apiCalls: { day: string; calls: number }[] }).apiCalls).toEqual([{ day: new Date().toISOString().slice(0, 10), calls: expect.any(Number) }]);
		expect(text).not.toMatch(/argon2id|secretHash|secret_hash|passwordHash|totp/i);
		expect(text).not.toContain(session.split('.')[1]);
		expect((await account('/api/account/export')).response.status).toBe(401);
	});
});

describe('export my data as one archive', { timeout: FLOW_TIMEOUT_MS }, () => {
	it('downloads a zip with the account document and the bytes of every attachment, at the paths the document names', async () => {
		const { email, session } = await createAccount();
		const picture = new Uint8Array(70_000).map((_, i) => (i * 7) % 251);
		const sha256 = encodeHexLowerCase(new Uint8Array(await crypto.subtle.digest('SHA-256', picture)));
		const uploaded = await callEdge(`/api/sync/blobs/${sha256}`, {
			method: 'PUT',
			body: picture,
			headers: { Origin: EDGE_ORIGIN, 'Content-Type': 'image/png', Cookie: `${SESSION_COOKIE}=${session}` }
		});
		expect(uploaded.response.status).toBe(204);

		const { response } = await account('/api/account/export/archive', { session });
		expect(response.status).toBe(200);
		expect(response.headers.get('Content-Type')).toBe('application/zip');
		expect(response.headers.get('Content-Disposition')).toMatch(/^attachment; filename="atrium-account-\d{4}-\d{2}-\d{2}\.zip"$/);
		const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
		expect(Object.keys(files)).toEqual(['atrium-account.json', `attachments/${sha256}.png`]);
		const exported = accountExportSchema.parse(JSON.parse(strFromU8(files['atrium-account.json']!)));
		expect(exported.data.account).toMatchObject({ email });
		expect((exported.data.sync as { blobs: unknown[] }).blobs).toEqual([expect.objectContaining({ sha256, size: picture.byteLength, file: `attachments/${sha256}.png` })]);
		expect(files[`attachments/${sha256}.png`]).toEqual(picture);
		expect((await account('/api/account/export/archive')).response.status).toBe(401);
	});
});

describe('deleting the account', { timeout: FLOW_TIMEOUT_MS }, () => {
	it('needs the password, then deletes everything and signs out everywhere', async () => {
		const { email, session } = await createAccount();
		const id = await userIdOf(email);
		const other = await signIn(email);
		await account('/api/account/profile', { method: 'PUT', body: { displayName: 'Gone soon' }, session });
		await oauthRoundTrip('github', githubUser(uniqueEmail()), { session }, 'connect');

		for (const [body, status] of [[{ password: 'wrong password' }, 403], [{}, 400], [{ password: GOOD_PASSWORD, email, more: 1 }, 400]] as const) {
			const refused = await account('/api/account/delete', { body, session });
			expect(refused.response.status).toBe(status);
		}
		expect(await whoAmI(session)).toBe(email);

		// A team invites the address: the invite names the user by address only, with no key to cascade from.
		const inviter = await person('del-inviter');
		const teamId = await newTeam(inviter);
		const invited = await as(inviter, `/api/teams/${teamId}/invites`, { body: { kind: 'email', email, role: 'member' } });
		expect(invited.response.status).toBe(201);
		await invited.settled();
		expect((await outbox(email)).length).toBeGreaterThan(1);

		const deleted = await account('/api/account/delete', { body: { password: GOOD_PASSWORD }, session });
		expect(deleted.response.status).toBe(204);
		expect(sessionCookie(deleted.response)).toBe('');
		await deleted.settled();
		expect(await whoAmI(session)).toBeNull();
		expect(await whoAmI(other)).toBeNull();
		const orm = drizzle(testDb());
		for (const table of [sessions, emailTokens, oauthAccounts, userProfiles] as const) {
			expect(await orm.select().from(table).where(eq(table.userId, id))).toEqual([]);
		}
		expect(await emailOf(id)).toBeUndefined();
		// Only the notice sent after the deletion is left; the earlier emails to the address and the invite are gone.
		expect((await outbox(email)).map((m) => m.subject)).toEqual(['Your Atrium account was deleted']);
		expect(await orm.select().from(teamInvites).where(eq(teamInvites.email, email))).toEqual([]);
		expect((await account('/api/auth/sign-in', { body: { email, password: GOOD_PASSWORD } })).response.status).toBe(401);
	});

	it('asks an account without a password to type its address', async () => {
		const email = uniqueEmail('typed');
		const { session } = await oauthRoundTrip('github', githubUser(email));
		const wrong = await account('/api/account/delete', { body: { email: 'someone-else@example.test' }, session: session! });
		expect(wrong.response.status).toBe(400);
		expect((await errorOf(wrong.response)).message).toContain(`Type your email address (${email})`);
		expect(await whoAmI(session!)).toBe(email);
		const right = await account('/api/account/delete', { body: { email: ` ${email.toUpperCase()} ` }, session: session! });
		expect(right.response.status).toBe(204);
		expect(await whoAmI(session!)).toBeNull();
	});
});
