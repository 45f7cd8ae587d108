import { describe, expect, it } from 'vitest';
import { sessionsResponseSchema } from '../../../../src/lib/protocol/auth.ts';
import { account, createAccount, FLOW_TIMEOUT_MS, sessionCookie, signIn, testDb, whoAmI } from '../../test/accounts.ts';

const PHONE = 'Mozilla/5.0 (Linux; Android 15) Mobile Safari/537.36';

async function listSessions(session: string) {
	const { response } = await account('/api/auth/sessions', { session });
	expect(response.status).toBe(200);
	return sessionsResponseSchema.parse(await response.json()).sessions;
}

describe('sessions', { timeout: FLOW_TIMEOUT_MS }, () => {
	it('lists the devices, marks this one, and revokes another', async () => {
		const { email, session } = await createAccount();
		const phone = await signIn(email, undefined, PHONE);
		const sessions = await listSessions(session);
		expect(sessions).toHaveLength(2);
		const current = sessions.find((s) => s.current)!;
		const other = sessions.find((s) => !s.current)!;
		expect(other.userAgent).toBe(PHONE);
		expect(Date.parse(current.expiresAt) - Date.parse(current.createdAt)).toBe(30 * 24 * 60 * 60 * 1000);
		expect(JSON.stringify(sessions)).not.toContain(session.split('.')[1]);

		const revoke = await account(`/api/auth/sessions/${other.id}`, { method: 'DELETE', session });
		expect(revoke.response.status).toBe(204);
		expect(await whoAmI(phone)).toBeNull();
		expect(await whoAmI(session)).toBe(email);
		expect((await account('/api/auth/sessions', { session: phone })).response.status).toBe(401);
	});

	it('revoking this device clears its cookie', async () => {
		const { session } = await createAccount();
		const [current] = await listSessions(session);
		const revoke = await account(`/api/auth/sessions/${current!.id}`, { method: 'DELETE', session });
		expect(revoke.response.status).toBe(204);
		expect(sessionCookie(revoke.response)).toBe('');
		expect(await whoAmI(session)).toBeNull();
	});

	it('signs out everywhere', async () => {
		const { email, session } = await createAccount();
		const other = await signIn(email);
		expect((await account('/api/auth/sign-out-everywhere', { method: 'POST', session })).response.status).toBe(204);
		expect(await whoAmI(session)).toBeNull();
		expect(await whoAmI(other)).toBeNull();
	});

	it('ends an expired session and slides the expiry of one in use', async () => {
		const { email, session } = await createAccount();
		const id = session.split('.')[0]!;
		const db = testDb();
		const inTenDays = Date.now() + 10 * 24 * 60 * 60 * 1000;
		await db.prepare('UPDATE sessions SET expires_at = ? WHERE id = ?').bind(inTenDays, id).run();
		const used = await account('/api/me', { session });
		expect(sessionCookie(used.response)).toBe(session);
		const row = await db.prepare('SELECT expires_at AS expiresAt FROM sessions WHERE id = ?').bind(id).first<{ expiresAt: number }>();
		expect(row!.expiresAt).toBeGreaterThan(Date.now() + 29 * 24 * 60 * 60 * 1000);

		await db.prepare('UPDATE sessions SET expires_at = ? WHERE id = ?').bind(Date.now() - 1, id).run();
		expect(await whoAmI(session)).toBeNull();
		expect(await db.prepare('SELECT id FROM sessions WHERE id = ?').bind(id).first()).toBeNull();
		expect(email).toContain('@');
	});
});

describe('authorization: one user cannot touch another’s sessions', { timeout: FLOW_TIMEOUT_MS }, () => {
	it('B sees only B’s sessions and cannot revoke A’s', async () => {
		const alice = await createAccount();
		const bob = await createAccount();
		const [aliceSession] = await listSessions(alice.session);
		const bobSees = await listSessions(bob.session);
		expect(bobSees.map((s) => s.id)).not.toContain(aliceSession!.id);

		const attempt = await account(`/api/auth/sessions/${aliceSession!.id}`, { method: 'DELETE', session: bob.session });
		expect(attempt.response.status).toBe(404);
		const unknown = await account('/api/auth/sessions/aaaaaaaaaaaaaaaaaaaaaaaa', { method: 'DELETE', session: bob.session });
		expect(await attempt.response.json()).toEqual(await unknown.response.json());
		expect(await whoAmI(alice.session)).toBe(alice.email);

		// B's sign-out-everywhere and password change leave A signed in.
		await account('/api/auth/sign-out-everywhere', { method: 'POST', session: bob.session });
		expect(await whoAmI(alice.session)).toBe(alice.email);
	});

	it.each(['short', 'NOT-A-SESSION-ID-AT-ALL', 'a'.repeat(65), "x' OR 1=1 --"])(
		'refuses to revoke the malformed session id %j with a 400 and keeps every session',
		async (id) => {
			const { session } = await createAccount();
			const { response } = await account(`/api/auth/sessions/${encodeURIComponent(id)}`, { method: 'DELETE', session });
			expect(response.status).toBe(400);
			expect(await response.json()).toEqual({
				error: { code: 'invalid_request', message: 'Invalid session id: expected 16 to 64 characters, lower-case letters a–z and digits 2–7.' }
			});
			expect(await listSessions(session)).toHaveLength(1);
		}
	);

	it('every account endpoint that acts on a user refuses a request without a session', async () => {
		for (const [method, path] of [
			['GET', '/api/auth/sessions'],
			['DELETE', '/api/auth/sessions/aaaaaaaaaaaaaaaaaaaaaaaa'],
			['POST', '/api/auth/sign-out-everywhere'],
			['POST', '/api/auth/password']
		] as const) {
			const call = await account(path, { method, ...(path.endsWith('password') ? { body: {} } : {}) });
			expect(call.response.status, `${method} ${path}`).toBe(401);
		}
	});
});
