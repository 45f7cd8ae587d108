// /api/push in workerd: the public key, and signed-in devices registering and withdrawing
// their subscription. Every body is validated; only the owner can withdraw a device.
import { describe, expect, it } from 'vitest';
import { account, createAccount, testDb } from '../../test/accounts.ts';
import { makeBrowserKeys, makeVapidKeys } from '../../test/pushTestKit.ts';
import type { EdgeEnv } from '../env.ts';

async function subscription(kinds?: string[]) {
	const keys = await makeBrowserKeys();
	return {
		endpoint: `https://push.example.test/push/${crypto.randomUUID()}`,
		expirationTime: null,
		keys: { p256dh: keys.p256dh, auth: keys.auth },
		...(kinds ? { kinds } : {})
	};
}

async function storedKinds(endpoint: string): Promise<string[] | null> {
	const row = await testDb().prepare('SELECT kinds FROM push_subscriptions WHERE endpoint = ?').bind(endpoint).first<{ kinds: string }>();
	return row ? (JSON.parse(row.kinds) as string[]) : null;
}

async function errorOf(response: Response): Promise<{ code: string; message: string }> {
	return ((await response.json()) as { error: { code: string; message: string } }).error;
}

describe('/api/push', () => {
	it('gives the VAPID public key, or null when push is not configured', async () => {
		const vapid = await makeVapidKeys();
		const on = await account('/api/push/config', { env: vapid });
		expect(await on.response.json()).toEqual({ publicKey: vapid.VAPID_PUBLIC_KEY });
		const off = await account('/api/push/config');
		expect(await off.response.json()).toEqual({ publicKey: null });
	});

	it('a half-set or malformed VAPID configuration is a server error, not silence', async () => {
		const vapid = await makeVapidKeys();
		const half = await account('/api/push/config', { env: { VAPID_PUBLIC_KEY: vapid.VAPID_PUBLIC_KEY } });
		expect(half.response.status).toBe(500);
		const bad = await account('/api/push/config', { env: { ...vapid, VAPID_SUBJECT: 'ops@example.test' } });
		expect(bad.response.status).toBe(500);
	});

	it('stores a signed-in device with its kinds, updates it in place, and withdraws it', async () => {
		const env: Partial<EdgeEnv> = await makeVapidKeys();
		const { session } = await createAccount();
		const body = await subscription();
		const created = await account('/api/push/subscriptions', { body, session, env });
		expect(created.response.status).toBe(201);
		expect(await created.response.json()).toEqual({ endpoint: body.endpoint, kinds: ['room_message', 'image_job', 'transcription', 'query'] });

		const narrowed = await account('/api/push/subscriptions', { body: { ...body, kinds: ['query', 'query'] }, session, env });
		expect(narrowed.response.status).toBe(201);
		expect(await storedKinds(body.endpoint)).toEqual(['query']);
		const rows = await testDb().prepare('SELECT COUNT(*) AS n FROM push_subscriptions WHERE endpoint = ?').bind(body.endpoint).first<{ n: number }>();
		expect(rows!.n).toBe(1);

		const removed = await account('/api/push/subscriptions', { method: 'DELETE', body: { endpoint: body.endpoint }, session, env });
		expect(removed.response.status).toBe(204);
		expect(await storedKinds(body.endpoint)).toBeNull();
		const again = await account('/api/push/subscriptions', { method: 'DELETE', body: { endpoint: body.endpoint }, session, env });
		expect(again.response.status).toBe(404);
	});

	it('refuses a device without a session, across sites, or when push is off', async () => {
		const env: Partial<EdgeEnv> = await makeVapidKeys();
		const body = await subscription();
		const anonymous = await account('/api/push/subscriptions', { body, env });
		expect(anonymous.response.status).toBe(401);
		const { session } = await createAccount();
		const crossSite = await account('/api/push/subscriptions', { body, session, env, headers: { Origin: 'https://evil.example' } });
		expect(crossSite.response.status).toBe(403);
		const off = await account('/api/push/subscriptions', { body, session });
		expect(off.response.status).toBe(503);
		expect((await errorOf(off.response)).message).toMatch(/does not send notifications/);
		expect(await storedKinds(body.endpoint)).toBeNull();
	});

	it('another user cannot withdraw my device', async () => {
		const env: Partial<EdgeEnv> = await makeVapidKeys();
		const me = await createAccount();
		const other = await createAccount();
		const body = await subscription();
		await account('/api/push/subscriptions', { body, session: me.session, env });
		const attempt = await account('/api/push/subscriptions', { method: 'DELETE', body: { endpoint: body.endpoint }, session: other.session, env });
		expect(attempt.response.status).toBe(404);
		expect(await storedKinds(body.endpoint)).not.toBeNull();
	});

	it('says what is wrong with a bad subscription', async () => {
		const env: Partial<EdgeEnv> = await makeVapidKeys();
		const { session } = await createAccount();
		const good = await subscription();
		const cases: [unknown, RegExp][] = [
			[{ ...good, endpoint: 'http://push.example.test/x' }, /must be an https address/],
			[{ ...good, keys: { ...good.keys, p256dh: 'short' } }, /p256dh key is too short/],
			[{ ...good, keys: { ...good.keys, auth: 'not base64url!!!!!!!!' } }, /auth key is not base64url/],
			[{ ...good, kinds: ['everything'] }, /./],
			[{ ...good, extra: true }, /./],
			['not json', /not valid JSON/]
		];
		for (const [body, message] of cases) {
			const { response } = await account('/api/push/subscriptions', { body, session, env });
			expect(response.status, JSON.stringify(body)).toBe(400);
			const error = await errorOf(response);
			expect(error.code).toBe('invalid_request');
			expect(error.message).toMatch(message);
		}
	});
});
