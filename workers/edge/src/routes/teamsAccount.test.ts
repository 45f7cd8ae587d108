import { describe, expect, it } from 'vitest';
import { FLOW_TIMEOUT_MS, GOOD_PASSWORD, testDb } from '../../test/accounts.ts';
import { as, join, members, newTeam, person } from '../../test/teams.ts';

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
});
