// Rooms in team workspaces (decision 0019), through the Worker's real request path and the
// Room Durable Object: members list the team's rooms and open them without a link, with the
// room role their team role grants; everyone else is refused; membership changes reach
// open sockets at once; deleting a room or a team leaves nothing behind.
import { beforeAll, describe, expect, it } from 'vitest';
import { teamRoomsResponseSchema, workspacesResponseSchema } from '../../../../src/lib/protocol/teams.ts';
import { FLOW_TIMEOUT_MS, testDb } from '../../test/accounts.ts';
import { openRoomSocket, type TestSocket } from '../../test/roomSockets.ts';
import { as, join, newTeam, person, type Person } from '../../test/teams.ts';

let owner: Person;
let admin: Person;
let member: Person;
let stranger: Person;

beforeAll(async () => {
	[owner, admin, member, stranger] = await Promise.all([person('tr-owner'), person('tr-admin'), person('tr-member'), person('tr-stranger')]);
}, FLOW_TIMEOUT_MS);

/** A team with `admin` as admin and `member` as member, and a room `by` shared into it. */
async function teamWithRoom(by: Person = admin): Promise<{ teamId: string; roomId: string }> {
	const teamId = await newTeam(owner, 'Design');
	await join(owner, teamId, admin, 'admin');
	await join(owner, teamId, member, 'member');
	return { teamId, roomId: await shareRoom(by, teamId) };
}

async function shareRoom(by: Person, workspaceId?: string, expected = 201): Promise<string> {
	const body = { title: 'Team plan', model: 'openai/gpt-4o-mini', messages: [], ...(workspaceId ? { workspaceId } : {}) };
	const { response } = await as(by, '/api/rooms', { body });
	const text = await response.text();
	expect(response.status, text).toBe(expected);
	return response.status === 201 ? (JSON.parse(text) as { id: string }).id : '';
}

async function enter(roomId: string, who: Person, link?: string): Promise<TestSocket> {
	const socket = await openRoomSocket(roomId, { session: who.session, ...(link ? { link } : {}) });
	socket.send({ type: 'hello', v: 1 });
	return socket;
}

async function refused(roomId: string, who: Person): Promise<string> {
	const socket = await enter(roomId, who);
	const error = await socket.next('error');
	expect((await socket.closed).code).toBe(error.code === 'not_found' ? 4404 : 4403);
	return error.code;
}

async function teamRooms(who: Person, teamId: string): Promise<Response> {
	return (await as(who, `/api/teams/${teamId}/rooms`)).response;
}

describe('team rooms', { timeout: FLOW_TIMEOUT_MS }, () => {
	it('members list the team’s rooms and open them without a link, with the role their team role grants', async () => {
		const { teamId, roomId } = await teamWithRoom();
		const listed = teamRoomsResponseSchema.parse(await (await teamRooms(member, teamId)).json());
		expect(listed.rooms).toEqual([{ id: roomId, title: 'Team plan', createdAt: expect.any(String), creator: { userId: admin.id, email: admin.email } }]);
		const { workspaces } = workspacesResponseSchema.parse(await (await as(owner, '/api/workspaces')).response.json());
		expect(workspaces.find((w) => w.id === teamId)?.rooms.map((r) => r.id)).toEqual([roomId]);
		expect(workspaces.find((w) => w.kind === 'personal')?.rooms.map((r) => r.id)).not.toContain(roomId);

		for (const [who, role] of [[owner, 'admin'], [admin, 'admin'], [member, 'edit']] as const) {
			const welcome = await (await enter(roomId, who)).next('welcome');
			expect(welcome.you, who.email).toMatchObject({ key: `user:${who.id}`, role, guest: false });
			expect(welcome.snapshot?.title).toBe('Team plan');
		}
		// A team owner manages the room's links by membership alone.
		expect((await as(owner, `/api/rooms/${roomId}/links`, { body: { role: 'view' } })).response.status).toBe(201);
		expect((await as(member, `/api/rooms/${roomId}/links`)).response.status).toBe(403);
	});

	it('refuses everyone outside the team: no list, no socket, no sharing into it', async () => {
		const { teamId, roomId } = await teamWithRoom();
		const list = await teamRooms(stranger, teamId);
		expect(list.status).toBe(404);
		expect(await list.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
		expect(await refused(roomId, stranger)).toBe('forbidden');
		await shareRoom(stranger, teamId, 404);
		expect((await as(stranger, `/api/rooms/${roomId}`, { method: 'DELETE' })).response.status).toBe(404);
		// Nothing was added to the team by the refused share.
		expect(teamRoomsResponseSchema.parse(await (await teamRooms(owner, teamId)).json()).rooms).toHaveLength(1);
	});

	it('a member a room admin made a viewer cannot write; a role given in the room does not outlast membership', async () => {
		const { teamId, roomId } = await teamWithRoom();
		const adminSocket = await enter(roomId, admin);
		await adminSocket.next('welcome');
		const memberSocket = await enter(roomId, member);
		await memberSocket.next('welcome');
		adminSocket.send({ type: 'op', id: 'r1', op: { kind: 'role', key: `user:${member.id}`, role: 'view' } });
		await memberSocket.next('participant', (f) => f.participant.key === `user:${member.id}` && f.participant.role === 'view');
		memberSocket.send({ type: 'op', id: 'p1', op: { kind: 'prompt', text: 'let me write' } });
		expect(await memberSocket.next('error')).toMatchObject({ code: 'forbidden', id: 'p1' });
		// Rejoining does not bring the editor role back.
		memberSocket.ws.close(1000);
		const again = await enter(roomId, member);
		expect((await again.next('welcome')).you.role).toBe('view');
		expect((await as(owner, `/api/teams/${teamId}/members/${member.id}`, { method: 'DELETE' })).response.status).toBe(204);
		expect((await again.closed).code).toBe(4403);
		expect(await refused(roomId, member)).toBe('forbidden');
	});

	it('a member kicked from a room stays out, membership notwithstanding', async () => {
		const { roomId } = await teamWithRoom();
		const adminSocket = await enter(roomId, admin);
		await adminSocket.next('welcome');
		const memberSocket = await enter(roomId, member);
		await memberSocket.next('welcome');
		adminSocket.send({ type: 'op', id: 'k1', op: { kind: 'kick', key: `user:${member.id}` } });
		expect((await memberSocket.closed).code).toBe(4410);
		const back = await enter(roomId, member);
		expect(await back.closed).toEqual({ code: 4403, reason: 'An admin removed you from this room.' });
		expect(back.frames.some((f) => f.type === 'welcome')).toBe(false);
	});

	it('a removed member is disconnected at once and refused afterwards; a changed role applies at once', async () => {
		const { teamId, roomId } = await teamWithRoom(owner);
		const adminSocket = await enter(roomId, admin);
		await adminSocket.next('welcome');
		const memberSocket = await enter(roomId, member);
		await memberSocket.next('welcome');

		expect((await as(owner, `/api/teams/${teamId}/members/${admin.id}`, { method: 'PATCH', body: { role: 'member' } })).response.status).toBe(200);
		await adminSocket.next('participant', (f) => f.participant.key === `user:${admin.id}` && f.participant.role === 'edit');

		expect((await as(owner, `/api/teams/${teamId}/members/${member.id}`, { method: 'DELETE' })).response.status).toBe(204);
		expect(await memberSocket.closed).toEqual({ code: 4403, reason: 'You are no longer in the team this room belongs to.' });
		expect(await refused(roomId, member)).toBe('forbidden');
		expect((await teamRooms(member, teamId)).status).toBe(404);

		// Leaving works the same way.
		expect((await as(admin, `/api/teams/${teamId}/leave`, { method: 'POST' })).response.status).toBe(204);
		expect((await adminSocket.closed).code).toBe(4403);
		expect(await refused(roomId, admin)).toBe('forbidden');
	});

	it('membership and a link add up: revoking the link leaves a member in, removal leaves the link’s role', async () => {
		const { teamId, roomId } = await teamWithRoom(owner);
		const { response } = await as(owner, `/api/rooms/${roomId}/links`, { body: { role: 'view' } });
		const { token, link } = (await response.json()) as { token: string; link: { id: string } };
		const memberSocket = await enter(roomId, member, token);
		expect((await memberSocket.next('welcome')).you.role).toBe('edit');
		const adminSocket = await enter(roomId, admin, token);
		expect((await adminSocket.next('welcome')).you.role).toBe('admin');

		expect((await as(owner, `/api/teams/${teamId}/members/${member.id}`, { method: 'DELETE' })).response.status).toBe(204);
		await memberSocket.next('participant', (f) => f.participant.key === `user:${member.id}` && f.participant.role === 'view');
		expect((await as(owner, `/api/rooms/${roomId}/links/${link.id}`, { method: 'DELETE' })).response.status).toBe(204);
		expect(await memberSocket.closed).toEqual({ code: 4403, reason: 'The link you joined with was revoked.' });
		// The admin is still in, with what membership grants.
		adminSocket.send({ type: 'op', id: 'still-here', op: { kind: 'react', messageId: 'none', reaction: 'up' } });
		expect(await adminSocket.next('error')).toMatchObject({ code: 'not_found', id: 'still-here' });
	});

	it('deleting a room: the creator or a team admin may, other members get 403; everyone in it is told', async () => {
		const { teamId, roomId } = await teamWithRoom(member);
		const own = await shareRoom(member, teamId);
		const ownerSocket = await enter(roomId, owner);
		await ownerSocket.next('welcome');
		const byOther = await shareRoom(admin, teamId);

		const denied = await as(member, `/api/rooms/${byOther}`, { method: 'DELETE' });
		expect(denied.response.status).toBe(403);
		expect(await denied.response.json()).toEqual({ error: { code: 'forbidden', message: 'Only the room’s creator or a team admin or owner can delete it.' } });
		expect((await as(member, `/api/rooms/${own}`, { method: 'DELETE' })).response.status).toBe(204);
		expect((await as(admin, `/api/rooms/${roomId}`, { method: 'DELETE' })).response.status).toBe(204);
		expect(await ownerSocket.closed).toEqual({ code: 4404, reason: 'This room was deleted.' });
		expect(await refused(roomId, owner)).toBe('not_found');
		expect(teamRoomsResponseSchema.parse(await (await teamRooms(owner, teamId)).json()).rooms.map((r) => r.id)).toEqual([byOther]);
		expect((await as(admin, `/api/rooms/${roomId}`, { method: 'DELETE' })).response.status).toBe(404);
	});

	it('deleting the team disconnects its members; its rooms go back to their creators', async () => {
		const { teamId, roomId } = await teamWithRoom();
		const memberSocket = await enter(roomId, member);
		await memberSocket.next('welcome');
		expect((await as(owner, `/api/teams/${teamId}`, { method: 'DELETE' })).response.status).toBe(204);
		expect((await memberSocket.closed).code).toBe(4403);
		expect(await refused(roomId, member)).toBe('forbidden');
		expect((await (await enter(roomId, admin)).next('welcome')).you.role).toBe('admin');
		const row = await testDb().prepare('SELECT owner_id, team_id FROM rooms WHERE id = ?').bind(roomId).first();
		expect(row).toEqual({ owner_id: admin.id, team_id: null });
	});
});
