import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_TEAM_TEMPLATES, teamTemplateResponseSchema, teamTemplatesResponseSchema, teamUsageResponseSchema, workspacesResponseSchema } from '../../../../src/lib/protocol/teams.ts';
import { account, FLOW_TIMEOUT_MS, testDb } from '../../test/accounts.ts';
import { as, join, newTeam, person, type Person } from '../../test/teams.ts';

let owner: Person;
let member: Person;
let stranger: Person;

beforeAll(async () => {
	[owner, member, stranger] = await Promise.all([person('owner'), person('member'), person('stranger')]);
}, FLOW_TIMEOUT_MS);

const REVIEW = { name: 'Team review', systemPrompt: 'Review against our style guide.', starter: 'Review this:' };

describe('team templates', { timeout: FLOW_TIMEOUT_MS }, () => {
	it('admins add, change and delete; members read; strangers see nothing', async () => {
		const teamId = await newTeam(owner, 'Templates');
		await join(owner, teamId, member);
		const added = await as(owner, `/api/teams/${teamId}/templates`, { body: REVIEW });
		expect(added.response.status).toBe(201);
		const { template } = teamTemplateResponseSchema.parse(await added.response.json());
		expect(template).toMatchObject({ ...REVIEW, teamId });

		const read = teamTemplatesResponseSchema.parse(await (await as(member, `/api/teams/${teamId}/templates`)).response.json());
		expect(read.templates).toEqual([template]);
		expect((await as(member, `/api/teams/${teamId}/templates/${template.id}`, { method: 'DELETE' })).response.status).toBe(403);

		const changed = await as(owner, `/api/teams/${teamId}/templates/${template.id}`, { method: 'PUT', body: { ...REVIEW, name: 'Style review' } });
		expect(changed.response.status).toBe(200);
		expect(teamTemplateResponseSchema.parse(await changed.response.json()).template.name).toBe('Style review');

		// Another team's admin cannot reach this template through their own team.
		const otherTeam = await newTeam(stranger, 'Other');
		const sideways = await as(stranger, `/api/teams/${otherTeam}/templates/${template.id}`, { method: 'PUT', body: REVIEW });
		expect(sideways.response.status).toBe(404);
		expect((await as(stranger, `/api/teams/${otherTeam}/templates/${template.id}`, { method: 'DELETE' })).response.status).toBe(404);

		expect((await as(owner, `/api/teams/${teamId}/templates/${template.id}`, { method: 'DELETE' })).response.status).toBe(204);
		expect(teamTemplatesResponseSchema.parse(await (await as(member, `/api/teams/${teamId}/templates`)).response.json()).templates).toEqual([]);
	});

	it('validates fields and caps the count', async () => {
		const teamId = await newTeam(owner, 'Capped');
		const blank = await as(owner, `/api/teams/${teamId}/templates`, { body: { ...REVIEW, name: ' ' } });
		expect(blank.response.status).toBe(400);
		expect(await blank.response.json()).toMatchObject({ error: { message: 'Give the template a name.' } });
		const long = await as(owner, `/api/teams/${teamId}/templates`, { body: { ...REVIEW, systemPrompt: 'x'.repeat(20_001) } });
		expect(long.response.status).toBe(400);

		const db = testDb();
		const now = Date.now();
		await db.batch(
			Array.from({ length: MAX_TEAM_TEMPLATES }, (_, i) =>
				db.prepare('INSERT INTO team_templates (id, team_id, name, system_prompt, starter, updated_at) VALUES (?, ?, ?, ?, ?, ?)').bind(`seed${teamId}${i}`, teamId, `T${i}`, '', '', now)
			)
		);
		const over = await as(owner, `/api/teams/${teamId}/templates`, { body: REVIEW });
		expect(over.response.status).toBe(409);
	});
});

describe('workspaces', { timeout: FLOW_TIMEOUT_MS }, () => {
	it('lists the personal workspace and each team with its templates, for members only', async () => {
		const teamId = await newTeam(owner, 'Shared');
		await join(owner, teamId, member);
		await as(owner, `/api/teams/${teamId}/templates`, { body: REVIEW });
		const { workspaces } = workspacesResponseSchema.parse(await (await as(member, '/api/workspaces')).response.json());
		expect(workspaces[0]).toEqual({ id: member.id, kind: 'personal', name: 'Personal', role: 'owner', templates: [], rooms: [] });
		const team = workspaces.find((w) => w.id === teamId);
		expect(team).toMatchObject({ kind: 'team', name: 'Shared', role: 'member', templates: [{ name: REVIEW.name }] });

		const theirs = workspacesResponseSchema.parse(await (await as(stranger, '/api/workspaces')).response.json()).workspaces;
		expect(theirs.map((w) => w.id)).not.toContain(teamId);
		expect((await account('/api/workspaces')).response.status).toBe(401);
	});
});

describe('team usage', { timeout: FLOW_TIMEOUT_MS }, () => {
	it('sums the current members’ requests and tokens per day, for admins', async () => {
		const teamId = await newTeam(owner, 'Usage');
		await join(owner, teamId, member);
		const db = testDb();
		const today = new Date().toISOString().slice(0, 10);
		const old = new Date(Date.now() - 40 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
		const row = (userId: string | null, day: string, input: number, output: number) =>
			db
				.prepare("INSERT INTO usage (day, model, input_tokens, output_tokens, status, created_at, user_id) VALUES (?, 'openai/gpt-test', ?, ?, 'stop', ?, ?)")
				.bind(day, input, output, Date.now(), userId);
		await db.batch([row(owner.id, today, 10, 20), row(member.id, today, 1, 2), row(stranger.id, today, 1000, 1000), row(null, today, 500, 500), row(owner.id, old, 7, 7)]);

		const { response } = await as(owner, `/api/teams/${teamId}/usage`);
		expect(response.status).toBe(200);
		expect(teamUsageResponseSchema.parse(await response.json()).days).toEqual([{ day: today, requests: 2, inputTokens: 11, outputTokens: 22 }]);
		expect((await as(member, `/api/teams/${teamId}/usage`)).response.status).toBe(403);
	});
});
