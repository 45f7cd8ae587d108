import { beforeAll, describe, expect, it } from 'vitest';
import { teamsResponseSchema, TEAM_NAME_MAX } from '../../../../src/lib/protocol/teams.ts';
import { FLOW_TIMEOUT_MS } from '../../test/accounts.ts';
import { as, join, members, newTeam, person, type Person } from '../../test/teams.ts';

let owner: Person;
let admin: Person;
let member: Person;
let stranger: Person;

beforeAll(async () => {
	[owner, admin, member, stranger] = await Promise.all([person('owner'), person('admin'), person('member'), person('stranger')]);
}, FLOW_TIMEOUT_MS);

async function errorOf(response: Response): Promise<{ code: string; message: string }> {
	return ((await response.json()) as { error: { code: string; message: string } }).error;
}

/** A team with an owner, an admin and a member. */
async function fullTeam(name = 'Research'): Promise<string> {
	const teamId = await newTeam(owner, name);
	await join(owner, teamId, admin, 'admin');
	await join(owner, teamId, member, 'member');
	return teamId;
}

describe('creating and listing teams', () => {
	it('creates a team with its creator as owner, listed only for its members', async () => {
		const created = await as(owner, '/api/teams', { body: { name: '  Design crew  ' } });
		expect(created.response.status).toBe(201);
		const { team } = (await created.response.json()) as { team: { id: string; name: string; role: string; memberCount: number } };
		expect(team).toMatchObject({ name: 'Design crew', role: 'owner', memberCount: 1 });

		const mine = teamsResponseSchema.parse(await (await as(owner, '/api/teams')).response.json()).teams;
		expect(mine.map((t) => t.id)).toContain(team.id);
		const theirs = teamsResponseSchema.parse(await (await as(stranger, '/api/teams')).response.json()).teams;
		expect(theirs.map((t) => t.id)).not.toContain(team.id);
	});

	it('refuses a missing, blank, oversized or control-character name, and a body that is not JSON', async () => {
		const cases: [unknown, RegExp][] = [
			[{}, /Give the team a name/],
			[{ name: '   ' }, /Give the team a name/],
			[{ name: 'x'.repeat(TEAM_NAME_MAX + 1) }, new RegExp(`${TEAM_NAME_MAX} characters or fewer`)],
			[{ name: 'a\u0007b' }, /control characters/],
			['{"name":', /not valid JSON/],
			[[], /JSON object/]
		];
		for (const [body, message] of cases) {
			const { response } = await as(owner, '/api/teams', { body });
			expect(response.status, JSON.stringify(body)).toBe(400);
			expect((await errorOf(response)).message).toMatch(message);
		}
		const huge = await as(owner, '/api/teams', { body: { name: 'x'.repeat(100_000) } });
		expect(huge.response.status).toBe(413);
	});

	it('needs a session, and a same-origin request for writes', async () => {
		const { account } = await import('../../test/accounts.ts');
		expect((await account('/api/teams')).response.status).toBe(401);
		expect((await account('/api/teams', { body: { name: 'x' } })).response.status).toBe(401);
		const forged = await as(owner, '/api/teams', { body: { name: 'x' }, headers: { Origin: 'https://evil.example' } });
		expect(forged.response.status).toBe(403);
	});
});

describe('members and roles', { timeout: FLOW_TIMEOUT_MS }, () => {
	it('shows members with roles to every member; strangers get the same 404 as an unknown team', async () => {
		const teamId = await fullTeam();
		const list = await members(member, teamId);
		expect(list.map((m) => [m.email, m.role])).toEqual([
			[owner.email, 'owner'],
			[admin.email, 'admin'],
			[member.email, 'member']
		]);
		const seen = await as(stranger, `/api/teams/${teamId}`);
		const unknown = await as(stranger, '/api/teams/aaaaaaaaaaaaaaaaaaaaaaaa');
		expect(seen.response.status).toBe(404);
		expect(await seen.response.json()).toEqual(await unknown.response.json());
		expect((await as(stranger, '/api/teams/not-an-id!')).response.status).toBe(404);
	});

	it('admins manage members but not owners or admins; members manage nobody', async () => {
		const teamId = await fullTeam();
		const promote = await as(admin, `/api/teams/${teamId}/members/${member.id}`, { method: 'PATCH', body: { role: 'admin' } });
		expect(promote.response.status).toBe(200);
		const demoteOwner = await as(admin, `/api/teams/${teamId}/members/${owner.id}`, { method: 'PATCH', body: { role: 'member' } });
		expect(demoteOwner.response.status).toBe(403);
		await as(owner, `/api/teams/${teamId}/members/${member.id}`, { method: 'PATCH', body: { role: 'member' } });
		const byMember = await as(member, `/api/teams/${teamId}/members/${admin.id}`, { method: 'PATCH', body: { role: 'member' } });
		expect(byMember.response.status).toBe(403);
		expect((await errorOf(byMember.response)).message).toMatch(/admin or owner/);
		const selfRaise = await as(member, `/api/teams/${teamId}/members/${member.id}`, { method: 'PATCH', body: { role: 'owner' } });
		expect(selfRaise.response.status).toBe(403);
		const badRole = await as(owner, `/api/teams/${teamId}/members/${member.id}`, { method: 'PATCH', body: { role: 'king' } });
		expect(badRole.response.status).toBe(400);
		expect((await errorOf(badRole.response)).message).toMatch(/owner, admin or member/);
		const notMember = await as(owner, `/api/teams/${teamId}/members/${stranger.id}`, { method: 'PATCH', body: { role: 'admin' } });
		expect(notMember.response.status).toBe(404);
		expect((await members(owner, teamId)).map((m) => m.role)).toEqual(['owner', 'admin', 'member']);
	});

	it('the last owner can be neither demoted nor removed and cannot leave; a second owner unlocks it', async () => {
		const teamId = await fullTeam();
		const demote = await as(owner, `/api/teams/${teamId}/members/${owner.id}`, { method: 'PATCH', body: { role: 'admin' } });
		expect(demote.response.status).toBe(409);
		expect((await errorOf(demote.response)).message).toMatch(/A team needs an owner/);
		expect((await as(owner, `/api/teams/${teamId}/leave`, { method: 'POST' })).response.status).toBe(409);
		expect((await as(owner, `/api/teams/${teamId}/members/${owner.id}`, { method: 'DELETE' })).response.status).toBe(409);

		await as(owner, `/api/teams/${teamId}/members/${admin.id}`, { method: 'PATCH', body: { role: 'owner' } });
		expect((await as(owner, `/api/teams/${teamId}/leave`, { method: 'POST' })).response.status).toBe(204);
		expect((await as(owner, `/api/teams/${teamId}`)).response.status).toBe(404);
		expect((await members(admin, teamId)).map((m) => [m.email, m.role])).toEqual([
			[admin.email, 'owner'],
			[member.email, 'member']
		]);
	});

	it('two owners demoting each other at once: exactly one wins, and the team keeps an owner', async () => {
		const teamId = await newTeam(owner, 'Race');
		await join(owner, teamId, admin, 'owner');
		const [first, second] = await Promise.all([
			as(owner, `/api/teams/${teamId}/members/${admin.id}`, { method: 'PATCH', body: { role: 'member' } }),
			as(admin, `/api/teams/${teamId}/members/${owner.id}`, { method: 'PATCH', body: { role: 'member' } })
		]);
		expect([first.response.status, second.response.status].sort()).toEqual([200, 409]);
		expect((await members(owner, teamId)).filter((m) => m.role === 'owner')).toHaveLength(1);
	});

	it('removes a member, who then loses access; a member can leave', async () => {
		const teamId = await fullTeam();
		expect((await as(admin, `/api/teams/${teamId}/members/${member.id}`, { method: 'DELETE' })).response.status).toBe(204);
		expect((await as(member, `/api/teams/${teamId}`)).response.status).toBe(404);
		expect((await as(admin, `/api/teams/${teamId}/members/${owner.id}`, { method: 'DELETE' })).response.status).toBe(403);
		expect((await as(admin, `/api/teams/${teamId}/leave`, { method: 'POST' })).response.status).toBe(204);
		expect((await members(owner, teamId)).map((m) => m.email)).toEqual([owner.email]);
	});

	it('only an owner deletes a team, and everything in it goes', async () => {
		const teamId = await fullTeam();
		expect((await as(admin, `/api/teams/${teamId}`, { method: 'DELETE' })).response.status).toBe(403);
		expect((await as(stranger, `/api/teams/${teamId}`, { method: 'DELETE' })).response.status).toBe(404);
		await as(owner, `/api/teams/${teamId}/templates`, { body: { name: 'Kept?', systemPrompt: 'p', starter: '' } });
		expect((await as(owner, `/api/teams/${teamId}`, { method: 'DELETE' })).response.status).toBe(204);
		for (const who of [owner, admin, member]) expect((await as(who, `/api/teams/${teamId}`)).response.status).toBe(404);
		const { testDb } = await import('../../test/accounts.ts');
		const left = await testDb()
			.prepare('SELECT (SELECT count(*) FROM team_members WHERE team_id = ?1) + (SELECT count(*) FROM team_templates WHERE team_id = ?1) + (SELECT count(*) FROM team_invites WHERE team_id = ?1) AS n')
			.bind(teamId)
			.first<{ n: number }>();
		expect(left!.n).toBe(0);
	});
});

describe('authorization: B cannot read or change A’s team', { timeout: FLOW_TIMEOUT_MS }, () => {
	it('every team route answers a stranger with 404 and changes nothing', async () => {
		const teamId = await fullTeam('Private');
		const routes: [string, string, unknown?][] = [
			['GET', `/api/teams/${teamId}`],
			['DELETE', `/api/teams/${teamId}`],
			['POST', `/api/teams/${teamId}/leave`],
			['PATCH', `/api/teams/${teamId}/members/${member.id}`, { role: 'admin' }],
			['DELETE', `/api/teams/${teamId}/members/${member.id}`],
			['GET', `/api/teams/${teamId}/invites`],
			['POST', `/api/teams/${teamId}/invites`, { kind: 'link', role: 'member', expiresInDays: null }],
			['DELETE', `/api/teams/${teamId}/invites/aaaaaaaaaaaaaaaaaaaaaaaa`],
			['GET', `/api/teams/${teamId}/templates`],
			['POST', `/api/teams/${teamId}/templates`, { name: 'x', systemPrompt: '', starter: '' }],
			['PUT', `/api/teams/${teamId}/templates/aaaaaaaaaaaaaaaaaaaaaaaa`, { name: 'x', systemPrompt: '', starter: '' }],
			['DELETE', `/api/teams/${teamId}/templates/aaaaaaaaaaaaaaaaaaaaaaaa`],
			['GET', `/api/teams/${teamId}/usage`]
		];
		for (const [method, path, body] of routes) {
			const { response } = await as(stranger, path, { method, ...(body === undefined ? {} : { body }) });
			expect(response.status, `${method} ${path}`).toBe(404);
			expect((await errorOf(response)).message, `${method} ${path}`).toMatch(/No such team/);
		}
		expect((await members(owner, teamId)).map((m) => m.role)).toEqual(['owner', 'admin', 'member']);
	});

	it('members get 403 on every admin route', async () => {
		const teamId = await fullTeam('Members only');
		const routes: [string, string, unknown?][] = [
			['DELETE', `/api/teams/${teamId}`],
			['GET', `/api/teams/${teamId}/invites`],
			['POST', `/api/teams/${teamId}/invites`, { kind: 'link', role: 'member', expiresInDays: null }],
			['DELETE', `/api/teams/${teamId}/invites/aaaaaaaaaaaaaaaaaaaaaaaa`],
			['POST', `/api/teams/${teamId}/templates`, { name: 'x', systemPrompt: '', starter: '' }],
			['PUT', `/api/teams/${teamId}/templates/aaaaaaaaaaaaaaaaaaaaaaaa`, { name: 'x', systemPrompt: '', starter: '' }],
			['DELETE', `/api/teams/${teamId}/templates/aaaaaaaaaaaaaaaaaaaaaaaa`],
			['GET', `/api/teams/${teamId}/usage`]
		];
		for (const [method, path, body] of routes) {
			const { response } = await as(member, path, { method, ...(body === undefined ? {} : { body }) });
			expect(response.status, `${method} ${path}`).toBe(403);
		}
	});
});
