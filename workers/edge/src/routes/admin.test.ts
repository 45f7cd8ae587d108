import { describe, expect, it } from 'vitest';
import { adminTotalsResponseSchema, adminUserResponseSchema, adminUsersResponseSchema } from '../../../../src/lib/protocol/admin.ts';
import { account, FLOW_TIMEOUT_MS, GOOD_PASSWORD, signIn, whoAmI } from '../../test/accounts.ts';
import { chat, errorOf, userOnTier } from '../../test/tiers.ts';

async function patchUser(adminSession: string, id: string, body: unknown, headers: Record<string, string> = {}) {
	return (await account(`/api/admin/users/${id}`, { method: 'PATCH', body, session: adminSession, headers })).response;
}

async function search(adminSession: string, query: string) {
	const { response } = await account(`/api/admin/users${query}`, { session: adminSession });
	expect(response.status).toBe(200);
	return adminUsersResponseSchema.parse(await response.json());
}

describe('/api/admin', { timeout: FLOW_TIMEOUT_MS }, () => {
	it('is for admins only: 401 signed out, 403 for free and premium accounts', async () => {
		const free = await userOnTier('free');
		const premium = await userOnTier('premium');
		for (const [path, method] of [
			['/api/admin/users', 'GET'],
			['/api/admin/usage', 'GET'],
			[`/api/admin/users/${free.id}`, 'PATCH']
		] as const) {
			const body = method === 'PATCH' ? { tier: 'admin' } : undefined;
			expect((await account(path, { method, body })).response.status).toBe(401);
			for (const user of [free, premium]) {
				const { response } = await account(path, { method, body, session: user.session });
				expect(response.status).toBe(403);
				expect(await errorOf(response)).toEqual({ code: 'forbidden', message: 'Only administrators can use this.' });
			}
		}
		expect((await whoAmI(free.session)) && (await account('/api/usage', { session: free.session })).response.status).toBe(200);
	});

	it('searches users by part of the email or by id, paged, with their usage totals', async () => {
		const admin = await userOnTier('admin');
		const tag = crypto.randomUUID().slice(0, 6);
		const a = await userOnTier('free', `find-${tag}-a`);
		const b = await userOnTier('free', `find-${tag}-b`);
		await chat({ session: a.session });

		const all = await search(admin.session, `?q=FIND-${tag}`);
		expect(all.total).toBe(2);
		expect(all.users.map((user) => user.email).sort()).toEqual([a.email, b.email].sort());
		expect(all.users.find((user) => user.id === a.id)?.usage.requests).toBe(1);
		expect(all.users.find((user) => user.id === b.id)?.usage).toEqual({ requests: 0, inputTokens: 0, outputTokens: 0, storageBytes: 0 });

		const first = await search(admin.session, `?q=find-${tag}&pageSize=1&page=1`);
		const second = await search(admin.session, `?q=find-${tag}&pageSize=1&page=2`);
		expect(first.total).toBe(2);
		expect(first.users).toHaveLength(1);
		expect(second.users).toHaveLength(1);
		expect(first.users[0]?.id).not.toBe(second.users[0]?.id);

		expect((await search(admin.session, `?q=${a.id}`)).users.map((user) => user.id)).toEqual([a.id]);
		// LIKE wildcards in a search are literal characters.
		expect((await search(admin.session, `?q=${encodeURIComponent('find-%-a')}`)).total).toBe(0);
	});

	it.each([
		['?page=0', 'page must be at least 1.'],
		['?pageSize=500', 'pageSize can be at most 100.'],
		['?page=two', 'page must be a whole number.']
	])('refuses the query %s with a clear 400', async (query, message) => {
		const admin = await userOnTier('admin');
		const { response } = await account(`/api/admin/users${query}`, { session: admin.session });
		expect(response.status).toBe(400);
		expect((await errorOf(response)).message).toBe(message);
	});

	it('changes a tier and answers with the changed row; the user sees it at once', async () => {
		const admin = await userOnTier('admin');
		const user = await userOnTier('free');
		const response = await patchUser(admin.session, user.id, { tier: 'premium' });
		expect(response.status).toBe(200);
		const { user: changed } = adminUserResponseSchema.parse(await response.json());
		expect(changed).toMatchObject({ id: user.id, email: user.email, tier: 'premium', disabledAt: null });
		const me = (await (await account('/api/me', { session: user.session })).response.json()) as { user: { tier: string } };
		expect(me.user.tier).toBe('premium');
	});

	it('disables an account (sessions stop, sign-in refused) and enables it again', async () => {
		const admin = await userOnTier('admin');
		const user = await userOnTier('free');
		const disabled = adminUserResponseSchema.parse(await (await patchUser(admin.session, user.id, { disabled: true })).json());
		expect(disabled.user.disabledAt).not.toBeNull();
		expect(await whoAmI(user.session)).toBeNull();
		const refused = await account('/api/auth/sign-in', { body: { email: user.email, password: GOOD_PASSWORD } });
		expect(refused.response.status).toBe(403);
		expect((await errorOf(refused.response)).message).toBe('This account has been disabled by an administrator: it cannot sign in.');

		const enabled = adminUserResponseSchema.parse(await (await patchUser(admin.session, user.id, { disabled: false })).json());
		expect(enabled.user.disabledAt).toBeNull();
		// The old session ended for good; signing in again works.
		expect(await whoAmI(user.session)).toBeNull();
		expect(await whoAmI(await signIn(user.email))).toBe(user.email);
	});

	it('will not let an admin disable or demote themselves', async () => {
		const admin = await userOnTier('admin');
		for (const body of [{ disabled: true }, { tier: 'free' }]) {
			const response = await patchUser(admin.session, admin.id, body);
			expect(response.status).toBe(403);
			expect((await errorOf(response)).message).toMatch(/^You cannot disable your own account/);
		}
		expect(await whoAmI(admin.session)).toBe(admin.email);
		expect((await patchUser(admin.session, admin.id, { tier: 'admin' })).status).toBe(200);
	});

	it.each([
		[{ tier: 'gold' }, 'Choose a tier: free, premium or admin.'],
		[{}, 'Say what to change: tier, disabled, or both.'],
		[{ tier: 'premium', email: 'x@example.test' }, 'Only tier and disabled can be changed here.'],
		[{ disabled: 'yes' }, 'disabled must be true or false.'],
		['[1]', 'Send the change as a JSON object.']
	])('refuses the change %j with a clear 400 and changes nothing', async (body, message) => {
		const admin = await userOnTier('admin');
		const user = await userOnTier('free');
		const response = await patchUser(admin.session, user.id, body);
		expect(response.status).toBe(400);
		expect(await errorOf(response)).toEqual({ code: 'invalid_request', message });
		expect((await search(admin.session, `?q=${user.id}`)).users[0]).toMatchObject({ tier: 'free', disabledAt: null });
	});

	it('answers 404 for an unknown user, and 403 to a cross-site write', async () => {
		const admin = await userOnTier('admin');
		const user = await userOnTier('free');
		const unknown = await patchUser(admin.session, 'aaaaaaaaaaaaaaaaaaaaaaaa', { tier: 'premium' });
		expect(unknown.status).toBe(404);
		expect(await errorOf(unknown)).toEqual({ code: 'not_found', message: 'No such user: the account may have been deleted.' });
		expect((await patchUser(admin.session, user.id, { tier: 'premium' }, { Origin: 'https://evil.example' })).status).toBe(403);
		expect((await search(admin.session, `?q=${user.id}`)).users[0]?.tier).toBe('free');
	});

	it.each(['nosuchuser', 'AAAAAAAAAAAAAAAAAAAAAAAA', 'a'.repeat(65), "x' OR 1=1 --", '%00aaaaaaaaaaaaaaaaaaaaaa'])(
		'refuses the malformed user id %j with a 400 saying what an id looks like, changing nobody',
		async (id) => {
			const admin = await userOnTier('admin');
			const response = await patchUser(admin.session, encodeURIComponent(id), { tier: 'premium' });
			expect(response.status).toBe(400);
			expect(await errorOf(response)).toEqual({
				code: 'invalid_request',
				message: 'Invalid user id: expected 16 to 64 characters, lower-case letters a–z and digits 2–7.'
			});
		}
	);

	it('reports overall totals: users per tier, requests and tokens, anonymous and today', async () => {
		const admin = await userOnTier('admin');
		const read = async () => adminTotalsResponseSchema.parse(await (await account('/api/admin/usage', { session: admin.session })).response.json());
		const before = await read();
		const user = await userOnTier('premium');
		await chat({ session: user.session });
		await chat({});
		const after = await read();
		expect(after.users.total).toBe(before.users.total + 1);
		expect(after.users.byTier.premium).toBe(before.users.byTier.premium + 1);
		expect(after.usage.requests).toBe(before.usage.requests + 2);
		expect(after.anonymousRequests).toBe(before.anonymousRequests + 1);
		expect(after.requestsToday).toBe(before.requestsToday + 2);
		expect(after.usage.outputTokens).toBeGreaterThan(before.usage.outputTokens);
	});
});

describe('ADMIN_EMAILS', { timeout: FLOW_TIMEOUT_MS }, () => {
	it('makes a listed, verified account an admin when it signs in, and no other', async () => {
		const listed = await userOnTier('free', 'boss');
		const other = await userOnTier('free', 'staff');
		const env = { ADMIN_EMAILS: ` someone@example.test , ${listed.email.toUpperCase()} ` };
		for (const [user, tier] of [
			[listed, 'admin'],
			[other, 'free']
		] as const) {
			const { response } = await account('/api/auth/sign-in', { body: { email: user.email, password: GOOD_PASSWORD }, env });
			expect(response.status).toBe(200);
			expect(((await response.json()) as { user: { tier: string } }).user.tier).toBe(tier);
		}
		expect((await account('/api/admin/usage', { session: await signIn(listed.email) })).response.status).toBe(200);
	});
});
