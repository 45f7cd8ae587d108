// A room socket lives no longer than the Atrium session it joined with (decision 0051):
// revoking the session, signing out everywhere, changing the password, turning two-factor on
// elsewhere, an admin disabling the account and deleting it each close the sockets it holds open at once, with a reason,
// while everyone else in the room is still served. Deleting the account also takes the
// user's name off what they wrote in others' rooms; exporting first lists it.
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateHOTP } from '@oslojs/otp';
import { beforeAll, describe, expect, it } from 'vitest';
import { accountExportSchema } from '../../../../src/lib/protocol/account.ts';
import { createLinkResponseSchema, ROOM_CLOSE, roomSnapshotSchema } from '../../../../src/lib/protocol/room.ts';
import { sessionsResponseSchema } from '../../../../src/lib/protocol/authResponses.ts';
import { totpSetupResponseSchema } from '../../../../src/lib/protocol/auth.ts';
import { FLOW_TIMEOUT_MS, GOOD_PASSWORD, signIn } from '../../test/accounts.ts';
import { openRoomSocket, type TestSocket } from '../../test/roomSockets.ts';
import { as, person, type Person } from '../../test/teams.ts';
import { setTier } from '../../test/tiers.ts';
import { SIGNED_OUT_REASON } from './roomParticipants.ts';

let owner: Person;

beforeAll(async () => {
	owner = await person('rs-owner');
}, FLOW_TIMEOUT_MS);

/** A personal room of the owner's with one message, and an edit link for signed-in people. */
async function roomWithLink(): Promise<{ roomId: string; link: string }> {
	const body = { title: 'Launch plan', model: 'openai/gpt-4o-mini', messages: [{ id: 'm1', parentId: null, role: 'user', content: 'Where do we start?', createdAt: Date.now() }] };
	const created = await as(owner, '/api/rooms', { body });
	expect(created.response.status).toBe(201);
	const { id: roomId } = (await created.response.json()) as { id: string };
	const linked = await as(owner, `/api/rooms/${roomId}/links`, { body: { role: 'edit', guests: false } });
	expect(linked.response.status).toBe(201);
	return { roomId, link: createLinkResponseSchema.parse(await linked.response.json()).token };
}

async function enter(roomId: string, session: string, link?: string): Promise<TestSocket> {
	const socket = await openRoomSocket(roomId, { session, ...(link ? { link } : {}) });
	socket.send({ type: 'hello', v: 1 });
	await socket.next('welcome');
	return socket;
}

/** The owner in the room and `who` in it by the link with `session`; the owner sees them arrive. */
async function bothIn(who: Person, session = who.session) {
	const { roomId, link } = await roomWithLink();
	const watcher = await enter(roomId, owner.session);
	const socket = await enter(roomId, session, link);
	await watcher.next('participant', (frame) => frame.participant.key === `user:${who.id}`);
	return { roomId, link, watcher, socket };
}

/** The socket was closed as signed out, the owner saw them leave, and the owner is still served. */
async function expectSignedOut(socket: TestSocket, watcher: TestSocket, who: Person): Promise<void> {
	expect(await socket.closed).toEqual({ code: ROOM_CLOSE.signedOut, reason: SIGNED_OUT_REASON });
	await watcher.next('left', (frame) => frame.key === `user:${who.id}`);
	watcher.send({ type: 'op', id: 'still-here', op: { kind: 'annotate', messageId: 'm1', text: 'Still here' } });
	await watcher.next('ack', (frame) => frame.id === 'still-here');
}

describe('room sockets end with their session', { timeout: FLOW_TIMEOUT_MS }, () => {
	it('closes the socket of a session revoked from another device, and the old cookie cannot rejoin', async () => {
		const editor = await person('rs-revoked');
		const laptop = await signIn(editor.email);
		const { roomId, link, watcher, socket } = await bothIn(editor, laptop);
		const other = await enter(roomId, editor.session, link);

		const { sessions } = sessionsResponseSchema.parse(await (await as(editor, '/api/auth/sessions')).response.json());
		const laptopId = sessions.find((session) => !session.current && laptop.startsWith(`${session.id}.`))!.id;
		expect((await as(editor, `/api/auth/sessions/${laptopId}`, { method: 'DELETE' })).response.status).toBe(204);

		expect(await socket.closed).toEqual({ code: ROOM_CLOSE.signedOut, reason: SIGNED_OUT_REASON });
		// The editor's other device keeps its place; so does the owner.
		other.send({ type: 'op', id: 'other-device', op: { kind: 'annotate', messageId: 'm1', text: 'From the phone' } });
		await other.next('ack', (frame) => frame.id === 'other-device');
		await watcher.next('entry', (frame) => frame.entry.op.kind === 'annotate');

		const again = await openRoomSocket(roomId, { session: laptop, link });
		again.send({ type: 'hello', v: 1 });
		expect((await again.next('error')).code).toBe('forbidden');
		expect((await again.closed).code).toBe(ROOM_CLOSE.forbidden);
	});

	it('closes the sockets when the user signs out everywhere', async () => {
		const editor = await person('rs-everywhere');
		const { watcher, socket } = await bothIn(editor);
		expect((await as(editor, '/api/auth/sign-out-everywhere', { method: 'POST' })).response.status).toBe(204);
		await expectSignedOut(socket, watcher, editor);
	});

	it('closes the sockets when the password changes', async () => {
		const editor = await person('rs-password');
		const phone = await signIn(editor.email);
		const { watcher, socket } = await bothIn(editor, phone);
		const changed = await as(editor, '/api/auth/password', { body: { currentPassword: GOOD_PASSWORD, newPassword: 'a different sturdy passphrase' } });
		expect(changed.response.status).toBe(200);
		await expectSignedOut(socket, watcher, editor);
	});

	it('closes the other devices’ sockets when two-factor is turned on (they owe a code first)', async () => {
		const editor = await person('rs-two-factor');
		const phone = await signIn(editor.email);
		const { watcher, socket } = await bothIn(editor, phone);
		const setup = totpSetupResponseSchema.parse(await (await as(editor, '/api/auth/two-factor/setup', { method: 'POST' })).response.json());
		const code = generateHOTP(decodeBase32IgnorePadding(setup.secret), BigInt(Math.floor(Date.now() / 30_000)), 6);
		expect((await as(editor, '/api/auth/two-factor/enable', { body: { code } })).response.status).toBe(200);
		await expectSignedOut(socket, watcher, editor);
	});

	it('closes the sockets when an admin disables the account', async () => {
		const [editor, admin] = await Promise.all([person('rs-disabled'), person('rs-admin')]);
		await setTier(admin.id, 'admin');
		const { watcher, socket } = await bothIn(editor);
		const disabled = await as(admin, `/api/admin/users/${editor.id}`, { method: 'PATCH', body: { disabled: true } });
		expect(disabled.response.status).toBe(200);
		await expectSignedOut(socket, watcher, editor);
	});
});

describe('deleting an account that took part in others’ rooms', { timeout: FLOW_TIMEOUT_MS }, () => {
	it('exports what the user did in each room, then takes their name off it when the account goes', async () => {
		const editor = await person('rs-deleted');
		const { roomId, watcher, socket } = await bothIn(editor);
		socket.send({ type: 'op', id: 'note-1', op: { kind: 'annotate', messageId: 'm1', text: 'Start with the docs' } });
		await socket.next('ack', (frame) => frame.id === 'note-1');
		socket.send({ type: 'op', id: 'react-1', op: { kind: 'react', messageId: 'm1', reaction: 'up' } });
		await socket.next('ack', (frame) => frame.id === 'react-1');

		const exported = accountExportSchema.parse(await (await as(editor, '/api/account/export')).response.json());
		const rooms = exported.data.rooms as { created: unknown[]; joined: { id: string; title: string; entries: { op: { kind: string } }[] }[] };
		expect(rooms.created).toEqual([]);
		expect(rooms.joined).toEqual([expect.objectContaining({ id: roomId, title: 'Launch plan' })]);
		expect(rooms.joined[0]!.entries.map((entry) => entry.op.kind)).toEqual(['annotate', 'react']);
		// The owner's own entries are not the editor's data.
		expect(JSON.stringify(rooms.joined)).not.toContain('Where do we start?');

		expect((await as(editor, '/api/account/delete', { body: { password: GOOD_PASSWORD } })).response.status).toBe(204);
		expect((await socket.closed).code).toBe(ROOM_CLOSE.signedOut);

		const newcomer = await openRoomSocket(roomId, { session: owner.session });
		newcomer.send({ type: 'hello', v: 1 });
		const snapshot = roomSnapshotSchema.parse((await newcomer.next('welcome')).snapshot);
		const text = JSON.stringify(snapshot);
		expect(text).not.toContain(editor.id);
		expect(text).not.toContain(editor.email.split('@')[0]);
		expect(snapshot.annotations).toEqual([expect.objectContaining({ text: 'Start with the docs', author: expect.objectContaining({ name: 'Deleted account' }) })]);
		expect(Object.values(snapshot.reactions.m1 ?? {})).toEqual(['up']);
		watcher.ws.close();
		newcomer.ws.close();
	});
});
