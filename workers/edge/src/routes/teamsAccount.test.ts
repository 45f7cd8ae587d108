import { describe, expect, it } from 'vitest';
import { FLOW_TIMEOUT_MS, GOOD_PASSWORD, testDb } from '../../test/accounts.ts';
import { openRoomSocket } from '../../test/roomSockets.ts';
import { as, join, members, newTeam, person, type Person } from '../../test/teams.ts';

async function shareRoom(by: Person, title: string, workspaceId?: string): Promise<string> {
	const { response } = await as(by, '/api/rooms', { body: { title, messages: [], ...(workspaceId ? { workspaceId } : {}) } });
	expect(response.status).toBe(201);
	return ((await response.json()) as { id: string }).id;
}

describe('teams and the account’s own data', { timeout: FLOW_TIMEOUT_MS }, () => {
	it('the export lists the user’s teams and the templates they last changed', async () => {
		const owner = await person('exporter');
		const teamId = await newTeam(owner, 'Exported');
		await as(owner, `/api/teams/${teamId}/templates`, { body: { name: 'Mine', systemPrompt: 'p', starter: 's' } });
		const { response } = await as(owner, '/api/account/export');
		const { data } = (await response.json()) as { data: { teams: unknown } };
		expect(data.teams).toMatchObject({
			memberships: [{ id: teamId, name: 'Exported', role: 'owner' }],
			templatesLastChanged: [{ teamId, name: 'Mine', systemPrompt: 'p', starter: 's' }]
		});
	});

	it('deleting the sole owner’s account hands each team to an admin (before older members) and deletes teams left empty', async () => {
		const [owner, admin, member] = await Promise.all([person('leaving'), person('heir'), person('senior')]);
		const shared = await newTeam(owner, 'Kept');
		await join(owner, shared, member, 'member');
		await join(owner, shared, admin, 'admin');
		const alone = await newTeam(owner, 'Alone');

		const deleted = await as(owner, '/api/account/delete', { body: { password: GOOD_PASSWORD } });
		expect(deleted.response.status).toBe(204);
		await deleted.settled();

		expect((await members(admin, shared)).map((m) => [m.email, m.role])).toEqual([
			[member.email, 'member'],
			[admin.email, 'owner']
		]);
		expect(await testDb().prepare('SELECT id FROM teams WHERE id = ?').bind(alone).first()).toBeNull();
	});

	it('the export lists the rooms the user created; deleting the account deletes them, team rooms included', async () => {
		const [owner, creator] = await Promise.all([person('room-team'), person('room-creator')]);
		const teamId = await newTeam(owner, 'Roomy');
		await join(owner, teamId, creator, 'member');
		const personal = await shareRoom(creator, 'Mine alone');
		const shared = await shareRoom(creator, 'For the team', teamId);

		const { response } = await as(creator, '/api/account/export');
		const { data } = (await response.json()) as { data: { rooms: { created: unknown; joined: unknown } } };
		expect(data.rooms.created).toHaveLength(2);
		expect(data.rooms.created).toEqual(
			expect.arrayContaining([
				{ id: shared, title: 'For the team', createdAt: expect.any(String), team: { id: teamId, name: 'Roomy' } },
				{ id: personal, title: 'Mine alone', createdAt: expect.any(String), team: null }
			])
		);

		const socket = await openRoomSocket(shared, { session: owner.session });
		socket.send({ type: 'hello', v: 1 });
		await socket.next('welcome');
		const deleted = await as(creator, '/api/account/delete', { body: { password: GOOD_PASSWORD } });
		expect(deleted.response.status).toBe(204);
		await deleted.settled();

		expect(await socket.closed).toEqual({ code: 4404, reason: 'This room was deleted.' });
		expect(await testDb().prepare('SELECT count(*) AS n FROM rooms WHERE id IN (?, ?)').bind(personal, shared).first('n')).toBe(0);
		const list = await as(owner, `/api/teams/${teamId}/rooms`);
		expect(await list.response.json()).toEqual({ rooms: [] });
		const again = await openRoomSocket(shared, { session: owner.session });
		expect(await again.next('error')).toMatchObject({ code: 'not_found' });
	});
});
