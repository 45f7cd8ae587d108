// A session revoked from another device is dead for writes too, not only for /api/me: every
// write it sends answers 401 with the same sentence, clears the cookie, and changes nothing
// the owner can see from the device still signed in.
import { beforeAll, describe, expect, it } from 'vitest';
import { sessionsResponseSchema } from '../../../../src/lib/protocol/auth.ts';
import { pullResponseSchema } from '../../../../src/lib/protocol/ops.ts';
import { teamsResponseSchema } from '../../../../src/lib/protocol/teams.ts';
import { account, createAccount, FLOW_TIMEOUT_MS, GOOD_PASSWORD, sessionCookie, signIn, whoAmI } from '../../test/accounts.ts';

const PHONE = 'Mozilla/5.0 (Linux; Android 15) Mobile Safari/537.36';
const SIGNED_OUT = { error: { code: 'unauthorized', message: 'You are not signed in (or your session ended): sign in again.' } };

interface Owner {
	email: string;
	/** The device that stays signed in. */
	laptop: string;
	laptopSessionId: string;
	/** The device whose session the laptop revoked. */
	revoked: string;
}

async function json(path: string, session: string): Promise<unknown> {
	const { response } = await account(path, { session });
	expect(response.status, path).toBe(200);
	return response.json();
}

/** A write the revoked device tries (`route` is its method and path unless `path` says otherwise), and what the laptop reads to see that nothing changed. */
interface Write {
	route: string;
	path?: (owner: Owner) => string;
	body?: unknown;
	unchanged: (owner: Owner) => Promise<void>;
}

const WRITES: Write[] = [
	{
		route: 'PUT /api/account/profile',
		body: { displayName: 'Mallory' },
		unchanged: async ({ laptop }) => expect(await json('/api/account/profile', laptop)).toEqual({ displayName: null })
	},
	{
		route: 'POST /api/teams',
		body: { name: 'Stolen team' },
		unchanged: async ({ laptop }) => expect(teamsResponseSchema.parse(await json('/api/teams', laptop)).teams).toEqual([])
	},
	{
		route: 'POST /api/sync/push',
		body: { ops: [{ id: 'op-stolen', hlc: '000000000001000-000000-a1', type: 'conversation.set', conversationId: 'c1', fields: { title: 'stolen' } }] },
		unchanged: async ({ laptop }) => expect(pullResponseSchema.parse(await json('/api/sync/pull?cursor=0', laptop)).ops).toEqual([])
	},
	{
		route: 'POST /api/auth/password',
		body: { currentPassword: GOOD_PASSWORD, newPassword: 'a password the thief chose' },
		unchanged: async ({ email, laptop }) => {
			expect(await whoAmI(laptop)).toBe(email);
			expect(await whoAmI(await signIn(email, GOOD_PASSWORD))).toBe(email);
		}
	},
	{
		route: 'DELETE /api/auth/sessions/:id',
		path: ({ laptopSessionId }) => `/api/auth/sessions/${laptopSessionId}`,
		unchanged: async ({ email, laptop }) => expect(await whoAmI(laptop)).toBe(email)
	},
	{
		route: 'POST /api/auth/sign-out-everywhere',
		unchanged: async ({ email, laptop }) => expect(await whoAmI(laptop)).toBe(email)
	},
	{
		route: 'POST /api/auth/two-factor/setup',
		unchanged: async ({ laptop }) => expect(await json('/api/me', laptop)).toMatchObject({ user: { twoFactorEnabled: false } })
	},
	{
		route: 'POST /api/account/delete',
		body: { password: GOOD_PASSWORD },
		unchanged: async ({ email, laptop }) => expect(await whoAmI(laptop)).toBe(email)
	}
];

describe('a revoked session', { timeout: FLOW_TIMEOUT_MS }, () => {
	let owner: Owner;

	beforeAll(async () => {
		const { email, session: laptop } = await createAccount();
		const revoked = await signIn(email, GOOD_PASSWORD, PHONE);
		const sessions = sessionsResponseSchema.parse(await json('/api/auth/sessions', laptop)).sessions;
		const phone = sessions.find((s) => s.userAgent === PHONE)!;
		const revoke = await account(`/api/auth/sessions/${phone.id}`, { method: 'DELETE', session: laptop });
		expect(revoke.response.status).toBe(204);
		owner = { email, laptop, laptopSessionId: sessions.find((s) => s.current)!.id, revoked };
	}, FLOW_TIMEOUT_MS);

	it.each(WRITES)('$route answers 401, clears the cookie and changes nothing', async ({ route, path, body, unchanged }) => {
		const [method, routePath] = route.split(' ') as [string, string];
		const { response } = await account(path?.(owner) ?? routePath, { method, body, session: owner.revoked });
		expect(response.status).toBe(401);
		expect(await response.json()).toEqual(SIGNED_OUT);
		expect(sessionCookie(response), 'the dead cookie is cleared').toBe('');
		await unchanged(owner);
	});

	it('stays revoked after all those attempts, and the laptop still sees only itself', async () => {
		expect(await whoAmI(owner.revoked)).toBeNull();
		const sessions = sessionsResponseSchema.parse(await json('/api/auth/sessions', owner.laptop)).sessions;
		expect(sessions.filter((s) => s.current)).toHaveLength(1);
		expect(sessions.some((s) => s.userAgent === PHONE)).toBe(false);
	});
});
