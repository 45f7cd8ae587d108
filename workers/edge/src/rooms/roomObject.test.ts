// The Room Durable Object through the Worker's real request path: HTTP routes for rooms and
// links, and WebSockets for owner, editors, viewers and guests, with the fake OpenAI server
// answering prompts.
import { evictDurableObject, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { base64ToBytes, bytesToBase64 } from '../../../../src/lib/protocol/base64.ts';
import type { LogEntry, ServerFrame } from '../../../../src/lib/protocol/room.ts';
import { account, createAccount, FLOW_TIMEOUT_MS } from '../../test/accounts.ts';
import { openRoomSocket, type TestSocket } from '../../test/roomSockets.ts';

const MODEL = 'openai/gpt-4o-mini';
let owner: { session: string };
let stranger: { session: string };

beforeAll(async () => {
	[owner, stranger] = await Promise.all([createAccount(), createAccount()]);
}, FLOW_TIMEOUT_MS);

async function createRoom(session = owner.session, model: string | null = MODEL): Promise<string> {
	const body = { title: 'Launch plan', ...(model ? { model } : {}), messages: [{ id: 'm1', parentId: null, role: 'user', content: 'Earlier question', createdAt: 1 }] };
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

function welcomeOf(socket: TestSocket): Extract<ServerFrame, { type: 'welcome' }> {
	const frame = socket.frames.find((f) => f.type === 'welcome');
	if (frame?.type !== 'welcome') throw new Error('no welcome frame');
	return frame;
}

/** A socket that joins just to read the room as it is now (its snapshot), then leaves. */
async function snapshotOf(roomId: string) {
	const reader = await joinAs(roomId, { session: owner.session });
	const { snapshot, seq } = welcomeOf(reader);
	reader.ws.close(1000);
	await reader.closed;
	if (!snapshot) throw new Error('expected a snapshot');
	return { snapshot, seq };
}

/** A Yjs update of the room notes (base64), as RoomNotes sends one. */
function notesUpdate(text: string): string {
	const doc = new Y.Doc();
	doc.getText('notes').insert(0, text);
	return bytesToBase64(Y.encodeStateAsUpdate(doc));
}

/** The chat requests the fake OpenAI server received whose last message contains `marker`. */
async function upstreamCalls(marker: string): Promise<{ model: string }[]> {
	const response = await fetch(new URL('/__fake/requests', env.OPENAI_BASE_URL));
	const requests = (await response.json()) as { path: string; body: unknown }[];
	return requests.flatMap((r) => {
		const body = r.body as { model?: string; messages?: { content?: unknown }[] } | null;
		return r.path.endsWith('/chat/completions') && JSON.stringify(body?.messages?.at(-1) ?? '').includes(marker) ? [{ model: String(body?.model) }] : [];
	});
}

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

	it('refuses a forged link, a revoked link (closing its sockets), and a page from another site; the others are still served', async () => {
		const roomId = await createRoom();
		const bystander = await joinAs(roomId, { session: owner.session });
		const forged = await openRoomSocket(roomId, guest('not-a-real-token', 'Mallory'));
		expect(await forged.closed).toMatchObject({ code: 4403 });
		expect(forged.frames[0]).toMatchObject({ type: 'error', code: 'forbidden', message: expect.stringContaining('not valid') });
		const edit = await link(roomId, 'edit');
		const joined = await joinAs(roomId, guest(edit.token, 'Eda'));
		const revoke = await account(`/api/rooms/${roomId}/links/${edit.id}`, { session: owner.session, method: 'DELETE' });
		expect(revoke.response.status).toBe(204);
		expect(await joined.closed).toMatchObject({ code: 4403, reason: expect.stringContaining('revoked') });
		const again = await openRoomSocket(roomId, guest(edit.token, 'Eda'));
		expect(await again.closed).toMatchObject({ code: 4403 });
		await expect(openRoomSocket(roomId, { session: owner.session, origin: 'https://evil.test' })).rejects.toThrow(/403/);
		bystander.send({ type: 'op', id: 'still-here', op: { kind: 'react', messageId: 'm1', reaction: 'up' } });
		expect(await bystander.next('entry', (f) => f.entry.op.kind === 'react')).toMatchObject({ entry: { by: { key: welcomeOf(bystander).you.key } } });
		expect(await bystander.next('ack')).toMatchObject({ id: 'still-here' });
	}, FLOW_TIMEOUT_MS);

	it('closes a socket for an oversized frame or a flood, answers a malformed one, and keeps serving the rest', async () => {
		const roomId = await createRoom();
		const edit = await link(roomId, 'edit');
		const [big, flood, sloppy, bystander] = await Promise.all(['A', 'B', 'C', 'D'].map((n) => joinAs(roomId, guest(edit.token, n))));
		big!.send('x'.repeat(600 * 1024));
		expect(await big!.closed).toMatchObject({ code: 1009 });
		for (let i = 0; i < 80; i++) flood!.send({ type: 'presence', status: 'here' });
		expect(await flood!.closed).toMatchObject({ code: 1008, reason: expect.stringContaining('Too many frames') });
		// Told once to slow down before it was closed.
		const warnings = flood!.frames.filter((f) => f.type === 'error');
		expect(warnings).toEqual([expect.objectContaining({ code: 'rate_limited', message: expect.stringContaining('dropped') })]);
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
	it('answers exactly one of two prompts sent at the same moment; the other sender is told the room is busy', async () => {
		const roomId = await createRoom();
		const edit = await link(roomId, 'edit');
		const [ann, ben] = await Promise.all([joinAs(roomId, guest(edit.token, 'Ann')), joinAs(roomId, guest(edit.token, 'Ben'))]);
		const marker = `race-${roomId}`;
		ann.send({ type: 'op', id: 'a', op: { kind: 'prompt', text: `${marker} from Ann` } });
		ben.send({ type: 'op', id: 'b', op: { kind: 'prompt', text: `${marker} from Ben` } });
		const outcome = async (s: TestSocket, id: string) =>
			Promise.race([s.next('ack', (f) => f.id === id).then(() => 'answered'), s.next('error', (f) => f.id === id).then((f) => f.code)]);
		const results = [await outcome(ann, 'a'), await outcome(ben, 'b')];
		expect(results.sort()).toEqual(['answered', 'conflict']);
		const loser = results[0] === 'conflict' ? ann : ben;
		expect(loser.frames.find((f) => f.type === 'error')).toMatchObject({ message: expect.stringContaining('still answering') });
		await replyEnd(ann);
		const { snapshot } = await snapshotOf(roomId);
		// The earlier message, one prompt and one reply: the refused prompt left no trace.
		expect(snapshot.messages.map((m) => m.role)).toEqual(['user', 'user', 'assistant']);
		expect(snapshot.messages.at(-1)).toMatchObject({ status: 'complete', content: `Echo: ${snapshot.messages[1]!.content}` });
		expect(await upstreamCalls(marker)).toHaveLength(1);
		// Once the reply is over, the one who was refused can ask.
		loser.send({ type: 'op', id: 'again', op: { kind: 'prompt', text: 'My turn' } });
		expect(await loser.next('ack', (f) => f.id === 'again')).toBeDefined();
	}, FLOW_TIMEOUT_MS);

	it('refuses every write from a viewer in the room itself, and the room does not change', async () => {
		const roomId = await createRoom();
		const [edit, view] = [await link(roomId, 'edit'), await link(roomId, 'view')];
		const ownerSocket = await joinAs(roomId, { session: owner.session });
		const editor = await joinAs(roomId, guest(edit.token, 'Eda'));
		const viewer = await joinAs(roomId, guest(view.token, 'Vic'));
		const before = await snapshotOf(roomId);
		const writes = [
			{ kind: 'react', messageId: 'm1', reaction: 'up' },
			{ kind: 'annotate', messageId: 'm1', text: 'Sneaky note' },
			{ kind: 'notes', update: notesUpdate('Viewer was here') },
			{ kind: 'role', key: welcomeOf(viewer).you.key, role: 'admin' },
			{ kind: 'role', key: welcomeOf(editor).you.key, role: 'view' },
			{ kind: 'kick', key: welcomeOf(editor).you.key }
		];
		for (const [i, op] of writes.entries()) {
			viewer.send({ type: 'op', id: `v${i}`, op });
			expect(await viewer.next('error', (f) => f.id === `v${i}`)).toMatchObject({ code: 'forbidden', message: `Your role (view) cannot ${op.kind} in this room.` });
		}
		viewer.send({ type: 'typing', typing: true });
		expect(await viewer.next('error')).toMatchObject({ code: 'forbidden' });
		const after = await snapshotOf(roomId);
		expect(after.seq).toBe(before.seq);
		expect(after.snapshot).toEqual(before.snapshot);
		// Nobody saw an entry or a typing frame from the viewer, and the editor is still in, as an editor.
		for (const s of [ownerSocket, editor]) expect(s.frames.filter((f) => f.type === 'entry' || (f.type === 'typing' && f.typing))).toEqual([]);
		editor.send({ type: 'op', id: 'e', op: { kind: 'react', messageId: 'm1', reaction: 'down' } });
		expect(await editor.next('ack')).toMatchObject({ id: 'e', seq: before.seq + 1 });
	}, FLOW_TIMEOUT_MS);

	it('tells a guest that a link for signed-in people needs them to sign in; someone signed in from outside any team joins by a link', async () => {
		const roomId = await createRoom();
		const signedInOnly = await link(roomId, 'edit', false);
		const refused = await openRoomSocket(roomId, guest(signedInOnly.token, 'Gus'));
		const message = 'This link is for signed-in people: sign in, then open it again.';
		expect(await refused.closed).toEqual({ code: 4403, reason: message });
		expect(refused.frames[0]).toEqual({ type: 'error', code: 'forbidden', message });

		// The stranger is in no team and the room is the owner's own: without a link they are refused.
		const noLink = await openRoomSocket(roomId, { session: stranger.session });
		expect(await noLink.closed).toMatchObject({ code: 4403, reason: expect.stringContaining('link') });
		const joined = await joinAs(roomId, { session: stranger.session, link: signedInOnly.token });
		expect(welcomeOf(joined)).toMatchObject({ you: { role: 'edit', guest: false } });
		joined.send({ type: 'op', id: 's', op: { kind: 'annotate', messageId: 'm1', text: 'From outside the team' } });
		expect(await joined.next('ack')).toMatchObject({ id: 's' });
	}, FLOW_TIMEOUT_MS);

	it('keeps the notes and who changed what in them after the room restarts', async () => {
		const roomId = await createRoom();
		const edit = await link(roomId, 'edit');
		const ownerSocket = await joinAs(roomId, { session: owner.session });
		const editor = await joinAs(roomId, guest(edit.token, 'Eda'));
		// Two people write at the same moment, each from a document of their own.
		ownerSocket.send({ type: 'op', id: 'n1', op: { kind: 'notes', update: notesUpdate('Agenda. ') } });
		editor.send({ type: 'op', id: 'n2', op: { kind: 'notes', update: notesUpdate('Budget. ') } });
		await Promise.all([ownerSocket.next('ack', (f) => f.id === 'n1'), editor.next('ack', (f) => f.id === 'n2')]);
		const notesText = (state: string) => {
			const doc = new Y.Doc();
			Y.applyUpdate(doc, base64ToBytes(state));
			return doc.getText('notes').toString();
		};
		const before = await snapshotOf(roomId);
		expect(notesText(before.snapshot.notes)).toMatch(/^(Agenda\. Budget\. |Budget\. Agenda\. )$/);
		expect(before.snapshot.notesHistory).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ author: { key: welcomeOf(ownerSocket).you.key, name: welcomeOf(ownerSocket).you.name }, inserted: 'Agenda. ', deleted: '' }),
				expect.objectContaining({ author: { key: welcomeOf(editor).you.key, name: 'Eda' }, inserted: 'Budget. ', deleted: '' })
			])
		);
		expect(before.snapshot.notesHistory).toHaveLength(2);

		await evictDurableObject(env.ROOM.getByName(roomId), { webSockets: 'close' });
		const after = await snapshotOf(roomId);
		expect(notesText(after.snapshot.notes)).toBe(notesText(before.snapshot.notes));
		expect(after.snapshot.notesHistory).toEqual(before.snapshot.notesHistory);
	}, FLOW_TIMEOUT_MS);

	it('answers a prompt with the model it names; a room with no model asks for one', async () => {
		const roomId = await createRoom();
		const socket = await joinAs(roomId, { session: owner.session });
		const marker = `model-${roomId}`;
		socket.send({ type: 'op', id: 'm', op: { kind: 'prompt', text: marker, model: 'openai/gpt-4o' } });
		await replyEnd(socket);
		const reply = socket.frames.flatMap((f) => (f.type === 'entry' && f.entry.op.kind === 'message' ? [f.entry.op.message] : [])).at(-1);
		expect(reply).toMatchObject({ role: 'assistant', model: 'openai/gpt-4o' });
		expect(await upstreamCalls(marker)).toEqual([{ model: 'gpt-4o' }]);
		expect((await snapshotOf(roomId)).snapshot.messages.at(-1)).toMatchObject({ model: 'openai/gpt-4o', status: 'complete', content: `Echo: ${marker}` });

		const bare = await createRoom(owner.session, null);
		const inBare = await joinAs(bare, { session: owner.session });
		expect(welcomeOf(inBare).snapshot?.model).toBeNull();
		inBare.send({ type: 'op', id: 'n', op: { kind: 'prompt', text: 'Anyone there?' } });
		expect(await inBare.next('error')).toMatchObject({ id: 'n', code: 'invalid_frame', message: 'This room has no model: pick one to send a prompt.' });
		expect((await snapshotOf(bare)).snapshot.messages).toHaveLength(1);
		inBare.send({ type: 'op', id: 'm', op: { kind: 'prompt', text: 'Anyone there?', model: MODEL } });
		await replyEnd(inBare);
		expect((await snapshotOf(bare)).snapshot.messages.at(-1)).toMatchObject({ model: MODEL, content: 'Echo: Anyone there?' });
	}, FLOW_TIMEOUT_MS);

	it('keeps a removed guest out: the link they joined by is revoked, for everyone who joined by it', async () => {
		const roomId = await createRoom();
		const [shared, other] = [await link(roomId, 'edit'), await link(roomId, 'edit')];
		const ownerSocket = await joinAs(roomId, { session: owner.session });
		const gus = guest(shared.token, 'Gus');
		const [troll, sameLink, otherLink] = await Promise.all([joinAs(roomId, gus), joinAs(roomId, guest(shared.token, 'Sam')), joinAs(roomId, guest(other.token, 'Ola'))]);
		ownerSocket.send({ type: 'op', id: 'k', op: { kind: 'kick', key: welcomeOf(troll).you.key } });
		expect(await ownerSocket.next('ack', (f) => f.id === 'k')).toBeDefined();
		expect(await troll.closed).toEqual({ code: 4410, reason: 'An admin removed you from this room.' });
		expect(await sameLink.closed).toMatchObject({ code: 4403, reason: expect.stringContaining('revoked') });
		// Back with a fresh browser secret on the same link: refused, as is anyone new on it.
		const back = await openRoomSocket(roomId, { ...gus, guest: `secret-fresh-${crypto.randomUUID()}` });
		expect(await back.closed).toMatchObject({ code: 4403, reason: expect.stringContaining('revoked') });
		const links = await account(`/api/rooms/${roomId}/links`, { session: owner.session });
		const listed = ((await links.response.json()) as { links: { id: string; revokedAt: number | null }[] }).links;
		expect(listed.find((l) => l.id === shared.id)?.revokedAt).toEqual(expect.any(Number));
		expect(listed.find((l) => l.id === other.id)?.revokedAt).toBeNull();
		// Whoever joined by another link stays, and is served.
		otherLink.send({ type: 'op', id: 'o', op: { kind: 'react', messageId: 'm1', reaction: 'up' } });
		expect(await otherLink.next('ack')).toMatchObject({ id: 'o' });
	}, FLOW_TIMEOUT_MS);
});

describe('rooms across restarts', () => {
	it('ends a reply cut off by a restart as interrupted, saying so, and answers the next prompt', async () => {
		const roomId = await createRoom();
		const edit = await link(roomId, 'edit');
		const who = guest(edit.token, 'Eda');
		const first = await joinAs(roomId, who);
		first.send({ type: 'op', id: 'p', op: { kind: 'prompt', text: 'A long one [[slow:300]]' } });
		const firstDelta = await first.next('entry', (f) => f.entry.op.kind === 'delta');
		first.ws.close(1000, 'bye');
		await first.closed;
		// A graceful eviction waits for the reply (evictDurableObject times out on it after 30 s), so
		// the object is stopped the hard way, as a crash or a deploy stops it: mid-stream, no socket open.
		const stub = env.ROOM.getByName(roomId);
		await expect(runInDurableObject(stub, (_room, state) => state.abort('evicted mid-reply'))).rejects.toThrow('evicted mid-reply');
		const back = await joinAs(roomId, who, firstDelta.entry.seq);
		const entries = welcomeOf(back).entries ?? [];
		const end = entries.find((e) => e.op.kind === 'reply_end');
		expect(end?.op).toEqual({ kind: 'reply_end', messageId: firstDelta.entry.op.kind === 'delta' ? firstDelta.entry.op.messageId : '', status: 'interrupted', error: 'The room restarted while answering.' });
		const { snapshot } = await snapshotOf(roomId);
		const cut = snapshot.messages.at(-1)!;
		expect(cut).toMatchObject({ role: 'assistant', status: 'interrupted', error: 'The room restarted while answering.' });
		expect(cut.content.startsWith('tick 1. ')).toBe(true);
		expect(cut.content.length).toBeLessThan('tick 1. '.length * 300);
		// Nothing is still streaming: the next prompt is answered, not refused as a conflict.
		back.send({ type: 'op', id: 'q', op: { kind: 'prompt', text: 'After the restart' } });
		expect(await back.next('ack', (f) => f.id === 'q')).toBeDefined();
		await replyEnd(back);
		expect((await snapshotOf(roomId)).snapshot.messages.at(-1)).toMatchObject({ status: 'complete', content: 'Echo: After the restart' });
	}, FLOW_TIMEOUT_MS);

	it('keeps open sockets, who is on them and their roles when the room hibernates', async () => {
		const roomId = await createRoom();
		const [edit, view] = [await link(roomId, 'edit'), await link(roomId, 'view')];
		const [ann, ben, vic] = await Promise.all([joinAs(roomId, guest(edit.token, 'Ann')), joinAs(roomId, guest(edit.token, 'Ben')), joinAs(roomId, guest(view.token, 'Vic'))]);
		const stub = env.ROOM.getByName(roomId);
		const before = await runInDurableObject(stub, (room) => room);
		await evictDurableObject(stub);
		// Sockets kept, instance gone: the next event wakes a new one.
		ann.send({ type: 'op', id: 'a', op: { kind: 'annotate', messageId: 'm1', text: 'After the nap' } });
		const ack = await ann.next('ack', (f) => f.id === 'a');
		expect(await runInDurableObject(stub, (room) => room === before)).toBe(false);
		expect(ack.seq).toBe(welcomeOf(ann).seq + 1);
		expect(await ben.next('entry', (f) => f.entry.op.kind === 'annotate')).toMatchObject({ entry: { seq: ack.seq, by: { name: 'Ann' } } });
		expect(await vic.next('entry', (f) => f.entry.op.kind === 'annotate')).toMatchObject({ entry: { seq: ack.seq } });

		const cal = await joinAs(roomId, guest(edit.token, 'Cal'));
		const present = welcomeOf(cal).participants.map((p) => `${p.name}:${p.role}`).sort();
		expect(present).toEqual(['Ann:edit', 'Ben:edit', 'Cal:edit', 'Vic:view']);
		expect(await ann.next('participant', (f) => f.participant.name === 'Cal')).toBeDefined();

		vic.send({ type: 'op', id: 'v', op: { kind: 'annotate', messageId: 'm1', text: 'Still a viewer?' } });
		expect(await vic.next('error', (f) => f.id === 'v')).toMatchObject({ code: 'forbidden', message: 'Your role (view) cannot annotate in this room.' });
	}, FLOW_TIMEOUT_MS);
});
