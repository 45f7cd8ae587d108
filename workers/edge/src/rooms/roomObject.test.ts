// The Room Durable Object through the Worker's real request path: HTTP routes for rooms and
// links, and WebSockets for owner, editors, viewers and guests, with the fake OpenAI server
// answering prompts.
import { evictDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { LogEntry } from '../../../../src/lib/protocol/room.ts';
import { account, createAccount, FLOW_TIMEOUT_MS } from '../../test/accounts.ts';
import { openRoomSocket, type TestSocket } from '../../test/roomSockets.ts';

const MODEL = 'openai/gpt-4o-mini';
let owner: { session: string };
let stranger: { session: string };

beforeAll(async () => {
	[owner, stranger] = await Promise.all([createAccount(), createAccount()]);
}, FLOW_TIMEOUT_MS);

async function createRoom(session = owner.session): Promise<string> {
	const body = { title: 'Launch plan', model: MODEL, messages: [{ id: 'm1', parentId: null, role: 'user', content: 'Earlier question', createdAt: 1 }] };
	const { response } = await account('/api/rooms', { session, body });
	expect(response.status).toBe(201);
	return ((await response.json()) as { id: string }).id;
}

async function link(roomId: string, role: 'view' | 'edit' | 'admin', guests = true): Promise<{ token: string; id: string }> {
	const { response } = await account(`/api/rooms/${roomId}/links`, { session: owner.session, body: { role, guests } });
	expect(response.status).toBe(201);
	const body = (await response.json()) as { token: string; link: { id: string } };
	return { token: body.token, id: body.link.id };
}

async function joinAs(roomId: string, options: Parameters<typeof openRoomSocket>[1], lastSeq?: number): Promise<TestSocket> {
	const socket = await openRoomSocket(roomId, options);
	socket.send({ type: 'hello', v: 1, ...(lastSeq === undefined ? {} : { lastSeq }) });
	await socket.next('welcome');
	return socket;
}

const guest = (link: string, name: string) => ({ link, name, guest: `secret-${name}-${crypto.randomUUID()}` });
const replyEnd = (s: TestSocket) => s.next('entry', (f) => f.entry.op.kind === 'reply_end', 10_000);
const textOf = (entries: LogEntry[]) => entries.map((e) => (e.op.kind === 'delta' ? e.op.text : '')).join('');

describe('rooms', () => {
	it('needs a session to create a room, and only admins manage links', async () => {
		const anonymous = await account('/api/rooms', { body: { title: 'x', messages: [] } });
		expect(anonymous.response.status).toBe(401);
		const roomId = await createRoom();
		const { response } = await account(`/api/rooms/${roomId}/links`, { session: stranger.session, body: { role: 'admin' } });
		expect(response.status).toBe(404);
		await link(roomId, 'view');
		const list = await account(`/api/rooms/${roomId}/links`, { session: owner.session });
		expect(((await list.response.json()) as { links: unknown[] }).links).toHaveLength(1);
		// Someone signed in who holds an admin link manages links with it; an edit link is not enough.
		const admin = await link(roomId, 'admin', false);
		const edit = await link(roomId, 'edit', false);
		const asAdmin = await account(`/api/rooms/${roomId}/links`, { session: stranger.session, headers: { 'X-Room-Link': admin.token } });
		expect(((await asAdmin.response.json()) as { links: unknown[] }).links).toHaveLength(3);
		const asEditor = await account(`/api/rooms/${roomId}/links`, { session: stranger.session, headers: { 'X-Room-Link': edit.token } });
		expect(asEditor.response.status).toBe(403);
	}, FLOW_TIMEOUT_MS);

	it('streams one reply to a prompt to every socket; a viewer cannot write', async () => {
		const roomId = await createRoom();
		const [edit, view] = [await link(roomId, 'edit'), await link(roomId, 'view')];
		const ownerSocket = await joinAs(roomId, { session: owner.session });
		const editor = await joinAs(roomId, guest(edit.token, 'Eda'));
		const viewer = await joinAs(roomId, guest(view.token, 'Vic'));
		expect(viewer.frames[0]).toMatchObject({ type: 'welcome', you: { role: 'view', guest: true }, snapshot: { title: 'Launch plan' } });

		viewer.send({ type: 'op', id: 'v1', op: { kind: 'prompt', text: 'let me in' } });
		expect(await viewer.next('error')).toMatchObject({ code: 'forbidden', id: 'v1' });

		editor.send({ type: 'op', id: 'e1', op: { kind: 'prompt', text: 'Plan the launch' } });
		expect(await editor.next('ack', (f) => f.id === 'e1')).toMatchObject({ seq: 2 });
		for (const socket of [ownerSocket, editor, viewer]) {
			await replyEnd(socket);
			const entries = socket.frames.flatMap((f) => (f.type === 'entry' ? [f.entry] : []));
			expect(textOf(entries)).toBe('Echo: Plan the launch');
			expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 2));
		}
		// The owner pays for the room's replies, whoever asked.
		const me = (await (await account('/api/me', { session: owner.session })).response.json()) as { user: { id: string } };
		const rows = async () => (await env.DB.prepare('SELECT count(*) AS n FROM usage WHERE user_id = ?').bind(me.user.id).first<{ n: number }>())?.n;
		await vi.waitFor(async () => expect(await rows()).toBe(1));
	}, FLOW_TIMEOUT_MS);

	it('refuses a forged link, a revoked link (closing its sockets), and a page from another site', async () => {
		const roomId = await createRoom();
		const forged = await openRoomSocket(roomId, guest('not-a-real-token', 'Mallory'));
		expect(await forged.closed).toMatchObject({ code: 4403 });
		const edit = await link(roomId, 'edit');
		const joined = await joinAs(roomId, guest(edit.token, 'Eda'));
		const revoke = await account(`/api/rooms/${roomId}/links/${edit.id}`, { session: owner.session, method: 'DELETE' });
		expect(revoke.response.status).toBe(204);
		expect(await joined.closed).toMatchObject({ code: 4403, reason: expect.stringContaining('revoked') });
		const again = await openRoomSocket(roomId, guest(edit.token, 'Eda'));
		expect(await again.closed).toMatchObject({ code: 4403 });
		await expect(openRoomSocket(roomId, { session: owner.session, origin: 'https://evil.test' })).rejects.toThrow(/403/);
	}, FLOW_TIMEOUT_MS);

	it('closes a socket for an oversized frame or a flood, answers a malformed one, and keeps serving the rest', async () => {
		const roomId = await createRoom();
		const edit = await link(roomId, 'edit');
		const [big, flood, sloppy, bystander] = await Promise.all(['A', 'B', 'C', 'D'].map((n) => joinAs(roomId, guest(edit.token, n))));
		big!.send('x'.repeat(600 * 1024));
		expect(await big!.closed).toMatchObject({ code: 1009 });
		for (let i = 0; i < 80; i++) flood!.send({ type: 'presence', status: 'here' });
		expect(await flood!.closed).toMatchObject({ code: 1008, reason: expect.stringContaining('Too many frames') });
		sloppy!.send('{"type":"op"');
		expect(await sloppy!.next('error')).toMatchObject({ code: 'invalid_frame' });
		sloppy!.send({ type: 'hello', v: 1, lastSeq: 10_000 });
		expect(await sloppy!.closed).toMatchObject({ code: 4409 });
		bystander!.send({ type: 'op', id: 'r', op: { kind: 'react', messageId: 'm1', reaction: 'up' } });
		expect(await bystander!.next('ack')).toMatchObject({ id: 'r' });
	}, FLOW_TIMEOUT_MS);

	it('keeps generating after every socket closed; a returning client resumes without gaps, also after eviction', async () => {
		const roomId = await createRoom();
		const edit = await link(roomId, 'edit');
		const who = guest(edit.token, 'Eda');
		const first = await joinAs(roomId, who);
		first.send({ type: 'op', id: 'p', op: { kind: 'prompt', text: 'Take your time [[slow:10]]' } });
		const firstDelta = await first.next('entry', (f) => f.entry.op.kind === 'delta');
		first.ws.close(1000, 'bye');
		await first.closed;
		// 10 chunks at 100 ms: the reply finishes while nobody is connected.
		await new Promise((resolve) => setTimeout(resolve, 1_800));
		const back = await joinAs(roomId, who, firstDelta.entry.seq);
		const welcome = back.frames[0]!;
		if (welcome.type !== 'welcome' || !welcome.entries) throw new Error('expected a resume welcome');
		expect(welcome.entries[0]!.seq).toBe(firstDelta.entry.seq + 1);
		expect(welcome.entries.at(-1)!.op).toMatchObject({ kind: 'reply_end', status: 'complete' });
		const seen = first.frames.flatMap((f) => (f.type === 'entry' && f.entry.seq <= firstDelta.entry.seq ? [f.entry] : []));
		const ticks = Array.from({ length: 10 }, (_, i) => `tick ${i + 1}. `).join('');
		expect(textOf([...seen, ...welcome.entries])).toBe(ticks);
		back.ws.close(1000);
		await back.closed;

		await evictDurableObject(env.ROOM.getByName(roomId));
		const afterEviction = await joinAs(roomId, who);
		const snapshot = afterEviction.frames[0]!.type === 'welcome' ? afterEviction.frames[0]!.snapshot : undefined;
		expect(snapshot?.messages.at(-1)).toMatchObject({ role: 'assistant', status: 'complete', content: ticks });
		// The op id is remembered across eviction: a re-sent prompt is acked, not re-run.
		afterEviction.send({ type: 'op', id: 'p', op: { kind: 'prompt', text: 'Take your time [[slow:10]]' } });
		expect(await afterEviction.next('ack')).toMatchObject({ id: 'p', seq: 2 });
	}, FLOW_TIMEOUT_MS);

	it('fans out to many sockets, and tells everyone who is here', async () => {
		const roomId = await createRoom();
		const edit = await link(roomId, 'edit');
		const crowd = await Promise.all(Array.from({ length: 30 }, (_, i) => joinAs(roomId, guest(edit.token, `g${i}`))));
		const last = crowd.at(-1)!;
		crowd[0]!.send({ type: 'op', id: 'a', op: { kind: 'annotate', messageId: 'm1', text: 'Worth a look' } });
		await Promise.all(crowd.map((s) => s.next('entry', (f) => f.entry.op.kind === 'annotate')));
		const presence = last.frames[0]!.type === 'welcome' ? last.frames[0]!.participants : [];
		expect(presence).toHaveLength(30);
	}, FLOW_TIMEOUT_MS);
});
