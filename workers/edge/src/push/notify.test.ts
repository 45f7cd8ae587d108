// notifyUser inside workerd against a fake push service over real HTTP: each message must
// carry a VAPID JWT that verifies with the server's public key and a body the browser's
// keys decrypt to the payload; gone subscriptions are removed, busy ones kept.
import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { createAccount, testDb } from '../../test/accounts.ts';
import { decryptPushMessage, fromBase64Url, makeBrowserKeys, makeVapidKeys, verifyVapidJwt, type BrowserKeys } from '../../test/pushTestKit.ts';
import type { PushedMessage } from '../../../../tests/fixtures/fakePushService.ts';
import type { PushKind } from '../../../../src/lib/protocol/push.ts';
import type { EdgeEnv } from '../env.ts';
import { notifyUser } from './notify.ts';
import { saveSubscription, subscriptionsFor } from './subscriptions.ts';

/** Subscriptions use an https origin, as real ones do; the transport routes it to the fake. */
const PUSH_ORIGIN = 'https://push.example.test';
const fakeUrl = inject('fakePushUrl');
const viaFake: typeof fetch = (input, init) => fetch(String(input).replace(PUSH_ORIGIN, fakeUrl), init);

let vapid: Awaited<ReturnType<typeof makeVapidKeys>>;
let pushEnv: EdgeEnv;
let userId: string;

beforeEach(async () => {
	vapid = await makeVapidKeys();
	pushEnv = { ...(env as EdgeEnv), ...vapid };
	userId = await newUserId();
	await fetch(`${fakeUrl}/__fake/messages`, { method: 'DELETE' });
});

/** A verified account's id. */
export async function newUserId(): Promise<string> {
	const { email } = await createAccount();
	const row = await testDb().prepare('SELECT id FROM users WHERE email = ?').bind(email).first<{ id: string }>();
	return row!.id;
}

async function device(id: string, kinds: PushKind[] = ['room_message', 'image_job', 'transcription', 'query']): Promise<BrowserKeys & { endpoint: string }> {
	const keys = await makeBrowserKeys();
	const endpoint = `${PUSH_ORIGIN}/push/${id}-${crypto.randomUUID()}`;
	await saveSubscription(testDb(), userId, { endpoint, keys: { p256dh: keys.p256dh, auth: keys.auth }, kinds });
	return { ...keys, endpoint };
}

async function delivered(): Promise<PushedMessage[]> {
	return (await (await fetch(`${fakeUrl}/__fake/messages`)).json()) as PushedMessage[];
}

describe('notifyUser', () => {
	it('sends a VAPID-signed, aes128gcm-encrypted message the browser can decrypt', async () => {
		const phone = await device('ok');
		const result = await notifyUser(pushEnv, userId, 'image_job', { title: 'Your image is ready', body: 'A lighthouse at dusk', url: '/images/job-1' }, { fetch: viaFake });
		expect(result).toEqual({ sent: 1, removed: 0, failed: 0 });

		const [message] = await delivered();
		expect(message!.path).toBe(new URL(phone.endpoint).pathname);
		expect(message!.headers['content-encoding']).toBe('aes128gcm');
		expect(message!.headers['ttl']).toBe(String(24 * 60 * 60));
		const auth = /^vapid t=([\w.-]+), k=([\w-]+)$/.exec(message!.headers['authorization'] ?? '');
		expect(auth?.[2]).toBe(vapid.VAPID_PUBLIC_KEY);
		const claims = await verifyVapidJwt(auth![1]!, vapid.VAPID_PUBLIC_KEY);
		expect(claims.aud).toBe(PUSH_ORIGIN);
		expect(claims.sub).toBe(vapid.VAPID_SUBJECT);
		const secondsLeft = (claims.exp as number) - Date.now() / 1000;
		expect(secondsLeft).toBeGreaterThan(0);
		expect(secondsLeft).toBeLessThanOrEqual(24 * 60 * 60);

		const text = await decryptPushMessage(fromBase64Url(message!.body), phone);
		expect(JSON.parse(text)).toEqual({ kind: 'image_job', title: 'Your image is ready', body: 'A lighthouse at dusk', url: '/images/job-1' });
	});

	it('a signature from another key does not verify (the check can fail)', async () => {
		await device('ok');
		await notifyUser(pushEnv, userId, 'query', { title: 'Query finished', url: '/sql' }, { fetch: viaFake });
		const [message] = await delivered();
		const jwt = /t=([\w.-]+)/.exec(message!.headers['authorization'] ?? '')![1]!;
		const other = await makeVapidKeys();
		await expect(verifyVapidJwt(jwt, other.VAPID_PUBLIC_KEY)).rejects.toThrow(/does not verify/);
	});

	it('reaches only the devices that want this kind, with room messages marked urgent', async () => {
		const wantsRooms = await device('ok', ['room_message']);
		await device('ok', ['image_job']);
		const result = await notifyUser(pushEnv, userId, 'room_message', { title: 'Ada in “Launch plan”', body: 'Ship it?', url: '/r/room-1', tag: 'room-1' }, { fetch: viaFake });
		expect(result).toEqual({ sent: 1, removed: 0, failed: 0 });
		const messages = await delivered();
		expect(messages.map((m) => m.path)).toEqual([new URL(wantsRooms.endpoint).pathname]);
		expect(messages[0]!.headers['urgency']).toBe('high');
	});

	it('removes subscriptions the push service says are gone (404, 410) and keeps a busy one', async () => {
		await device('gone');
		await device('missing');
		const busy = await device('busy');
		const result = await notifyUser(pushEnv, userId, 'transcription', { title: 'Transcript ready', url: '/c/abc' }, { fetch: viaFake });
		expect(result).toEqual({ sent: 0, removed: 2, failed: 1 });
		expect((await subscriptionsFor(testDb(), userId, 'transcription')).map((s) => s.endpoint)).toEqual([busy.endpoint]);
	});

	it('does nothing without VAPID keys', async () => {
		await device('ok');
		const result = await notifyUser(env as EdgeEnv, userId, 'query', { title: 'Query finished', url: '/sql' }, { fetch: viaFake });
		expect(result).toEqual({ sent: 0, removed: 0, failed: 0 });
		expect(await delivered()).toEqual([]);
	});

	it('refuses a payload that would open another site', async () => {
		await expect(notifyUser(pushEnv, userId, 'query', { title: 'Hi', url: '//evil.example/' }, { fetch: viaFake })).rejects.toThrow(/path on this site/);
	});
});
