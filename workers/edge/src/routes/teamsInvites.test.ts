import { beforeAll, describe, expect, it } from 'vitest';
import { createdInviteResponseSchema, invitePreviewResponseSchema, teamInvitesResponseSchema } from '../../../../src/lib/protocol/teams.ts';
import { account, FLOW_TIMEOUT_MS, outbox, testDb } from '../../test/accounts.ts';
import { as, emailedInviteToken, members, newTeam, person, tokenOf, type Person } from '../../test/teams.ts';

let owner: Person;
let alice: Person;
let bob: Person;

beforeAll(async () => {
	[owner, alice, bob] = await Promise.all([person('owner'), person('alice'), person('bob')]);
}, FLOW_TIMEOUT_MS);

async function messageOf(response: Response): Promise<string> {
	return ((await response.json()) as { error: { message: string } }).error.message;
}

async function linkInvite(teamId: string, role = 'member', expiresInDays: number | null = null) {
	const { response } = await as(owner, `/api/teams/${teamId}/invites`, { body: { kind: 'link', role, expiresInDays } });
	expect(response.status).toBe(201);
	const created = createdInviteResponseSchema.parse(await response.json());
	return { ...created, token: tokenOf(created.url!) };
}

describe('invite links', { timeout: FLOW_TIMEOUT_MS }, () => {
	it('previews without a session, joins anyone signed in with the link’s role, and counts uses', async () => {
		const teamId = await newTeam(owner, 'Linked');
		const { invite, url, token } = await linkInvite(teamId, 'admin', 30);
		expect(url).toMatch(/^https:\/\/edge\.test\/join#token=/);
		expect(Date.parse(invite.expiresAt!) - Date.parse(invite.createdAt)).toBe(30 * 24 * 60 * 60 * 1000);

		const preview = await account('/api/invites/preview', { body: { token } });
		expect(invitePreviewResponseSchema.parse(await preview.response.json())).toEqual({ teamName: 'Linked', role: 'admin', kind: 'link', email: null });
		expect((await account('/api/invites/accept', { body: { token } })).response.status).toBe(401);

		for (const who of [alice, bob]) {
			const accepted = await as(who, '/api/invites/accept', { body: { token } });
			expect(accepted.response.status).toBe(200);
			expect(await accepted.response.json()).toMatchObject({ team: { id: teamId, role: 'admin', memberCount: expect.any(Number) }, alreadyMember: false });
		}
		const again = await as(alice, '/api/invites/accept', { body: { token } });
		expect(await again.response.json()).toMatchObject({ alreadyMember: true, team: { role: 'admin' } });
		const listed = teamInvitesResponseSchema.parse(await (await as(owner, `/api/teams/${teamId}/invites`)).response.json()).invites;
		expect(listed).toEqual([{ ...invite, uses: 2 }]);
		expect(JSON.stringify(listed)).not.toContain(token.split('.')[1]);
	});

	it('a revoked link stops working; an expired one says so', async () => {
		const teamId = await newTeam(owner, 'Revoked');
		const { invite, token } = await linkInvite(teamId);
		expect((await as(owner, `/api/teams/${teamId}/invites/${invite.id}`, { method: 'DELETE' })).response.status).toBe(204);
		const revoked = await as(alice, '/api/invites/accept', { body: { token } });
		expect(revoked.response.status).toBe(404);
		expect(await messageOf(revoked.response)).toMatch(/not valid: it was revoked or already used/);
		expect((await as(owner, `/api/teams/${teamId}/invites/${invite.id}`, { method: 'DELETE' })).response.status).toBe(404);

		const expiring = await linkInvite(teamId, 'member', 1);
		await testDb().prepare('UPDATE team_invites SET expires_at = ? WHERE id = ?').bind(Date.now() - 1, expiring.invite.id).run();
		const expired = await as(alice, '/api/invites/accept', { body: { token: expiring.token } });
		expect(expired.response.status).toBe(410);
		expect(await messageOf(expired.response)).toMatch(/expired/);
		expect((await members(owner, teamId)).map((m) => m.email)).toEqual([owner.email]);
	});

	it('refuses forged and malformed tokens and bad invite bodies', async () => {
		const teamId = await newTeam(owner, 'Strict');
		const { token } = await linkInvite(teamId);
		const forged = `${token.split('.')[0]}.${'a'.repeat(32)}`;
		expect((await as(alice, '/api/invites/accept', { body: { token: forged } })).response.status).toBe(404);
		const malformed = await as(alice, '/api/invites/accept', { body: { token: 'nope' } });
		expect(malformed.response.status).toBe(400);
		expect(await messageOf(malformed.response)).toMatch(/incomplete/);
		for (const [body, message] of [
			[{ kind: 'link', role: 'member', expiresInDays: 0 }, /at least 1 day/],
			[{ kind: 'link', role: 'member', expiresInDays: 9999 }, /at most 365 days/],
			[{ kind: 'fax', role: 'member' }, /by email or by link/],
			[{ kind: 'email', email: 'not-an-email', role: 'member' }, /valid email address/],
			[{ kind: 'email', email: 'x@example.test', role: 'boss' }, /owner, admin or member/]
		] as const) {
			const { response } = await as(owner, `/api/teams/${teamId}/invites`, { body });
			expect(response.status, JSON.stringify(body)).toBe(400);
			expect(await messageOf(response)).toMatch(message);
		}
	});
});

describe('email invites', { timeout: FLOW_TIMEOUT_MS }, () => {
	it('emails a single-use link that only the invited address can accept', async () => {
		const teamId = await newTeam(owner, 'Mailed');
		const sent = await as(owner, `/api/teams/${teamId}/invites`, { body: { kind: 'email', email: ` ${alice.email.toUpperCase()} `, role: 'member' } });
		expect(sent.response.status).toBe(201);
		expect(createdInviteResponseSchema.parse(await sent.response.json())).toMatchObject({ url: null, invite: { kind: 'email', email: alice.email } });
		const [email] = await outbox(alice.email);
		expect(email!.subject).toBe('Join Mailed on Atrium');
		expect(email!.text).toContain(`${owner.email} invited you to the team "Mailed"`);
		const token = await emailedInviteToken(alice.email);

		const preview = invitePreviewResponseSchema.parse(await (await account('/api/invites/preview', { body: { token } })).response.json());
		expect(preview.email).toBe(`${alice.email[0]}…@example.test`);
		const wrong = await as(bob, '/api/invites/accept', { body: { token } });
		expect(wrong.response.status).toBe(403);
		expect(await messageOf(wrong.response)).toMatch(new RegExp(`you are signed in as ${bob.email}. Sign in with the invited address`));

		expect((await as(alice, '/api/invites/accept', { body: { token } })).response.status).toBe(200);
		const reused = await as(alice, '/api/invites/accept', { body: { token } });
		expect(reused.response.status).toBe(404);
		expect((await members(owner, teamId)).map((m) => m.email)).toEqual([owner.email, alice.email]);
	});

	it('a new email invite replaces the old one; members cannot be invited again', async () => {
		const teamId = await newTeam(owner, 'Resent');
		await as(owner, `/api/teams/${teamId}/invites`, { body: { kind: 'email', email: bob.email, role: 'member' } });
		const first = await emailedInviteToken(bob.email);
		await as(owner, `/api/teams/${teamId}/invites`, { body: { kind: 'email', email: bob.email, role: 'admin' } });
		const second = await emailedInviteToken(bob.email);
		expect(second).not.toBe(first);
		expect((await as(bob, '/api/invites/accept', { body: { token: first } })).response.status).toBe(404);
		const joined = await as(bob, '/api/invites/accept', { body: { token: second } });
		expect(await joined.response.json()).toMatchObject({ team: { role: 'admin' } });
		const dup = await as(owner, `/api/teams/${teamId}/invites`, { body: { kind: 'email', email: bob.email, role: 'member' } });
		expect(dup.response.status).toBe(409);
		expect(await messageOf(dup.response)).toMatch(/already a member/);
	});

	it('stops emailing one address after five invites an hour, naming when to try again', async () => {
		const teamId = await newTeam(owner, 'Eager');
		const email = `flooded-${crypto.randomUUID()}@example.test`;
		const send = () => as(owner, `/api/teams/${teamId}/invites`, { body: { kind: 'email', email, role: 'member' } });
		for (let i = 0; i < 5; i++) expect((await send()).response.status).toBe(201);
		const refused = (await send()).response;
		expect(refused.status).toBe(429);
		expect(refused.headers.get('Retry-After')).toBe('3600');
		const message = await messageOf(refused);
		expect(message).toMatch(/try again in 1 h \(after \d{4}-\d\d-\d\dT[\d:.]+Z\), or share an invite link now\.$/);
		const after = Date.parse(/\(after (.+?)\)/.exec(message)?.[1] ?? '');
		expect(Math.abs(after - Date.now() - 3_600_000)).toBeLessThan(60_000);
	});

	it('admins cannot invite owners', async () => {
		const teamId = await newTeam(owner, 'Ranks');
		const { token } = await linkInvite(teamId, 'admin');
		await as(alice, '/api/invites/accept', { body: { token } });
		const up = await as(alice, `/api/teams/${teamId}/invites`, { body: { kind: 'link', role: 'owner', expiresInDays: null } });
		expect(up.response.status).toBe(403);
		const ok = await as(alice, `/api/teams/${teamId}/invites`, { body: { kind: 'link', role: 'admin', expiresInDays: null } });
		expect(ok.response.status).toBe(201);
	});
});
