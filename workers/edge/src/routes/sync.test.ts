// /api/sync through the Worker's fetch handler: signed-in users only, each user's own
// Space, idempotent pushes, cursors, size and count limits, and blob uploads.
import { beforeAll, describe, expect, it } from 'vitest';
import {
	blobCheckResponseSchema,
	MAX_BLOB_CHECK,
	MAX_PUSH_BODY_BYTES,
	MAX_PUSH_OPS,
	pullResponseSchema,
	pushResponseSchema,
	type SyncOp
} from '../../../../src/lib/protocol/ops.ts';
import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { account, createAccount, FLOW_TIMEOUT_MS, GOOD_PASSWORD, SESSION_COOKIE, signIn } from '../../test/accounts.ts';
import { callEdge, EDGE_ORIGIN } from '../../test/edge.ts';
import { storageUsage } from '../db/schema.ts';
import { spaceFor } from '../space/accountSection.ts';

function renameOp(id: string, title: string): SyncOp {
	return { id, hlc: '000000000001000-000000-a1', type: 'conversation.set', conversationId: 'c1', fields: { title } };
}

const push = (session: string | undefined, body: unknown) => account('/api/sync/push', { session, body });
const pull = (session: string | undefined, cursor: number | string = 0, limit?: number) =>
	account(`/api/sync/pull?cursor=${cursor}${limit ? `&limit=${limit}` : ''}`, { session });

async function errorOf(response: Response): Promise<{ status: number; code: string; message: string }> {
	const body = (await response.json()) as { error: { code: string; message: string } };
	return { status: response.status, ...body.error };
}

describe('/api/sync', () => {
	let alice: { email: string; session: string };
	let bob: { email: string; session: string };

	beforeAll(async () => {
		alice = await createAccount();
		bob = await createAccount();
	}, FLOW_TIMEOUT_MS);

	it('refuses callers who are not signed in', async () => {
		expect(await errorOf((await push(undefined, { ops: [renameOp('x1', 'a')] })).response)).toMatchObject({ status: 401, code: 'unauthorized' });
		expect((await pull(undefined)).response.status).toBe(401);
	});

	it('pushes, acks each op with its place, and answers a re-sent push with the same places', async () => {
		const first = pushResponseSchema.parse(await (await push(alice.session, { ops: [renameOp('a1', 'one'), renameOp('a2', 'two')] })).response.json());
		expect(first.acks.map((a) => [a.id, a.duplicate])).toEqual([['a1', false], ['a2', false]]);
		const again = pushResponseSchema.parse(await (await push(alice.session, { ops: [renameOp('a1', 'one'), renameOp('a2', 'two')] })).response.json());
		expect(again.acks).toEqual(first.acks.map((a) => ({ ...a, duplicate: true })));

		const pulled = pullResponseSchema.parse(await (await pull(alice.session)).response.json());
		expect(pulled.ops.map((o) => o.op.id)).toEqual(['a1', 'a2']);
		expect(pulled).toMatchObject({ cursor: first.acks[1]!.seq, more: false });
	});

	it('shares one log between the devices (sessions) of one user', async () => {
		const otherDevice = await signIn(alice.email);
		await push(otherDevice, { ops: [renameOp('a3', 'from the phone')] });
		const pulled = pullResponseSchema.parse(await (await pull(alice.session)).response.json());
		expect(pulled.ops.map((o) => o.op.id)).toContain('a3');
	}, FLOW_TIMEOUT_MS);

	it("never shows one user's ops to another", async () => {
		await push(bob.session, { ops: [renameOp('b1', 'bob only')] });
		const bobs = pullResponseSchema.parse(await (await pull(bob.session)).response.json());
		expect(bobs.ops.map((o) => o.op.id)).toEqual(['b1']);
		const alices = pullResponseSchema.parse(await (await pull(alice.session)).response.json());
		expect(alices.ops.map((o) => o.op.id)).not.toContain('b1');
	});

	it('pages with limit and refuses a cursor from the future', async () => {
		const page = pullResponseSchema.parse(await (await pull(alice.session, 0, 1)).response.json());
		expect(page).toMatchObject({ cursor: 1, more: true });
		const ahead = await errorOf((await pull(alice.session, 9_999)).response);
		expect(ahead).toMatchObject({ status: 409, code: 'invalid_request' });
		expect(ahead.message).toMatch(/ahead of this account's sync log.*pull again from 0/);
		expect(await errorOf((await pull(alice.session, 'abc')).response)).toMatchObject({ status: 400, code: 'invalid_request' });
	});

	it('refuses malformed ops, too many ops, repeated ids in one push, and oversized bodies', async () => {
		const bad = await errorOf((await push(alice.session, { ops: [{ ...renameOp('z1', 'x'), hlc: 'yesterday' }] })).response);
		expect(bad).toMatchObject({ status: 400, code: 'invalid_request' });
		expect(bad.message).toMatch(/hlc/);
		const many = Array.from({ length: MAX_PUSH_OPS + 1 }, (_, i) => renameOp(`m${i}`, 'x'));
		expect((await push(alice.session, { ops: many })).response.status).toBe(400);
		const twice = await errorOf((await push(alice.session, { ops: [renameOp('d1', 'x'), renameOp('d1', 'y')] })).response);
		expect(twice.message).toMatch(/same op id/);
		const huge = JSON.stringify({ ops: [renameOp('h1', 'x'.repeat(MAX_PUSH_BODY_BYTES))] });
		expect(await errorOf((await push(alice.session, huge)).response)).toMatchObject({ status: 413, code: 'too_large' });
	});

	it('refuses a cross-site push', async () => {
		const { response } = await account('/api/sync/push', { session: alice.session, body: { ops: [renameOp('x2', 'a')] }, headers: { Origin: 'https://evil.test' } });
		expect(response.status).toBe(403);
	});
});

describe('/api/sync/blobs', () => {
	let session: string;
	let other: string;
	const bytes = new TextEncoder().encode('attachment bytes');
	let address: string;

	beforeAll(async () => {
		session = (await createAccount()).session;
		other = (await createAccount()).session;
		const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
		address = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
	}, FLOW_TIMEOUT_MS);

	const upload = (path: string, body: Uint8Array) =>
		callEdge(`/api/sync/blobs/${path}`, {
			method: 'PUT',
			body,
			headers: { Origin: EDGE_ORIGIN, 'Content-Type': 'text/plain', Cookie: `${SESSION_COOKIE}=${session}` }
		});

	it('stores bytes under their SHA-256 and serves them back only to their owner', async () => {
		expect((await upload(address, bytes)).response.status).toBe(204);
		const { response } = await account(`/api/sync/blobs/${address}`, { session });
		expect(response.headers.get('Content-Type')).toBe('text/plain');
		expect(await response.text()).toBe('attachment bytes');
		expect((await account(`/api/sync/blobs/${address}`, { session: other })).response.status).toBe(404);
	});

	it("says which blobs the caller already holds, in the request's order, never another user's", async () => {
		const unknown = 'f'.repeat(64);
		const check = (who: string, body: unknown) => account('/api/sync/blobs/check', { session: who, body });
		expect((await upload(address, bytes)).response.status).toBe(204);
		const mine = blobCheckResponseSchema.parse(await (await check(session, { sha256: [unknown, address] })).response.json());
		expect(mine.present).toEqual([false, true]);
		const theirs = blobCheckResponseSchema.parse(await (await check(other, { sha256: [address] })).response.json());
		expect(theirs.present).toEqual([false]);
		expect((await check(session, { sha256: [] })).response.status).toBe(400);
		expect((await check(session, { sha256: ['NOT-A-HASH'] })).response.status).toBe(400);
		expect((await check(session, { sha256: Array.from({ length: MAX_BLOB_CHECK + 1 }, () => unknown) })).response.status).toBe(400);
		expect((await account('/api/sync/blobs/check', { body: { sha256: [address] } })).response.status).toBe(401);
	});

	it('serves a blob so a browser never runs it as a page', async () => {
		const { response } = await account(`/api/sync/blobs/${address}`, { session });
		expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
		expect(response.headers.get('Content-Security-Policy')).toMatch(/default-src 'none'/);
		await response.arrayBuffer();
	});

	it('refuses bytes that do not match the address, and a malformed address', async () => {
		const wrong = await errorOf((await upload('0'.repeat(64), bytes)).response);
		expect(wrong).toMatchObject({ status: 400 });
		expect(wrong.message).toMatch(/do not match/);
		expect((await upload('not-a-hash', bytes)).response.status).toBe(400);
	});
});

describe('sync data and the account', () => {
	it('reports storage, exports the log and blob list, and deleting the account erases both', async () => {
		const { session } = await createAccount();
		const pushed = await push(session, { ops: [renameOp('e1', 'kept until deletion')] });
		await pushed.settled();
		const bytes = new TextEncoder().encode('a photo, say');
		const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
		const address = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
		const uploaded = await callEdge(`/api/sync/blobs/${address}`, {
			method: 'PUT',
			body: bytes,
			headers: { Origin: EDGE_ORIGIN, 'Content-Type': 'image/webp', Cookie: `${SESSION_COOKIE}=${session}` }
		});
		expect(uploaded.response.status).toBe(204);
		await uploaded.settled();

		const me = (await (await account('/api/me', { session })).response.json()) as { user: { id: string } };
		const storage = await drizzle(env.DB).select().from(storageUsage).where(eq(storageUsage.userId, me.user.id));
		expect(Object.fromEntries(storage.map((row) => [row.source, row.bytes]))).toMatchObject({ sync: expect.any(Number), sync_blobs: bytes.byteLength });
		expect(storage.find((row) => row.source === 'sync')!.bytes).toBeGreaterThan(0);

		const exported = (await (await account('/api/account/export', { session })).response.json()) as { data: { sync: { operations: { op: { id: string } }[]; blobs: { sha256: string; size: number }[] } } };
		expect(exported.data.sync.operations.map((entry) => entry.op.id)).toEqual(['e1']);
		expect(exported.data.sync.blobs).toMatchObject([{ sha256: address, size: bytes.byteLength, mediaType: 'image/webp' }]);

		const deleted = await account('/api/account/delete', { body: { password: GOOD_PASSWORD }, session });
		expect(deleted.response.status).toBe(204);
		await deleted.settled();
		const after = await spaceFor(env, me.user.id).pull(0, 10);
		expect(after).toMatchObject({ ok: true, ops: [] });
		expect((await env.BLOBS.list({ prefix: `${me.user.id}/` })).objects).toEqual([]);
	}, FLOW_TIMEOUT_MS);
});
