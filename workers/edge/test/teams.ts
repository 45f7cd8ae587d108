// Helpers for the team tests: calls as a signed-in user, and a team set up with members
// in each role (accounts cost a few password hashes each, so files share them).
import { teamDetailResponseSchema, teamResponseSchema, type TeamRole } from '../../../src/lib/protocol/teams.ts';
import { account, createAccount, latestLinkToken, type AccountCall } from './accounts.ts';
import type { EdgeCall } from './edge.ts';

export interface Person {
	email: string;
	session: string;
	id: string;
}

export async function person(label: string): Promise<Person> {
	const { email, session } = await createAccount(`${label}-${crypto.randomUUID().slice(0, 8)}@example.test`);
	const { response } = await account('/api/me', { session });
	const { user } = (await response.json()) as { user: { id: string } };
	return { email, session, id: user.id };
}

export function as(who: Person, path: string, call: Omit<AccountCall, 'session'> = {}): Promise<EdgeCall> {
	return account(path, { ...call, session: who.session });
}

export async function newTeam(owner: Person, name = 'Research'): Promise<string> {
	const { response } = await as(owner, '/api/teams', { body: { name } });
	if (response.status !== 201) throw new Error(`team creation answered ${response.status}: ${await response.text()}`);
	return teamResponseSchema.parse(await response.json()).team.id;
}

/** Adds `who` to the team through an invite link made by `inviter`, then gives them `role`. */
export async function join(inviter: Person, teamId: string, who: Person, role: TeamRole = 'member'): Promise<void> {
	const created = await as(inviter, `/api/teams/${teamId}/invites`, { body: { kind: 'link', role, expiresInDays: 1 } });
	if (created.response.status !== 201) throw new Error(`invite answered ${created.response.status}: ${await created.response.text()}`);
	const { url } = (await created.response.json()) as { url: string };
	const accepted = await as(who, '/api/invites/accept', { body: { token: tokenOf(url) } });
	if (accepted.response.status !== 200) throw new Error(`accept answered ${accepted.response.status}: ${await accepted.response.text()}`);
}

export function tokenOf(url: string): string {
	const token = /#token=([a-z2-7.]+)$/.exec(url)?.[1];
	if (!token) throw new Error(`no token in ${url}`);
	return token;
}

export async function members(who: Person, teamId: string) {
	const { response } = await as(who, `/api/teams/${teamId}`);
	return teamDetailResponseSchema.parse(await response.json()).members;
}

export async function emailedInviteToken(to: string): Promise<string> {
	return latestLinkToken(to, '/join');
}
