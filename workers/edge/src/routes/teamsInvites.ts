// Team invites. Under /api/teams/:id/invites, admins and owners list, create (by email or
// as a link) and revoke them. Under /api/invites, whoever holds a token sees what it
// grants and, signed in, accepts it. Tokens travel in bodies, never in URLs.
import { Hono } from 'hono';
import {
	createInviteRequestSchema,
	inviteTokenRequestSchema,
	type AcceptInviteResponse,
	type CreatedInviteResponse,
	type InvitePreview
} from '../../../../src/lib/protocol/teams.ts';
import { admitAttempt, mayEmail } from '../auth/attemptLimits.ts';
import { appOrigin, requireSession, withSession, type AuthContext, type AuthHono } from '../auth/authContext.ts';
import { emailDeps } from '../auth/background.ts';
import { requireSameOrigin } from '../auth/sameOrigin.ts';
import type { TeamInviteRow } from '../db/schema.ts';
import { HttpError } from '../errors.ts';
import { inviteLink, teamInviteEmail } from '../teams/inviteEmail.ts';
import { createInvite, findInvite, listInvites, maskEmail, revokeInvite, spendInvite } from '../teams/invites.ts';
import { inviteProblem } from '../../../../src/lib/core/teamRoles.ts';
import { pathId, readTeamBody, teamRequest } from '../teams/teamRequest.ts';
import { addMember, findTeam, listMembers, memberRole, teamName } from '../teams/teamStore.ts';

export const teamInviteRoutes = new Hono<AuthHono>()
	.get('/', async (c) => {
		const { teamId } = await teamRequest(c, 'admin', 'see invites');
		return c.json({ invites: await listInvites(c.env.DB, teamId) });
	})
	.post('/', async (c) => {
		const { user, teamId, role } = await teamRequest(c, 'admin', 'invite people');
		const input = await readTeamBody(c.req.raw, createInviteRequestSchema);
		const problem = inviteProblem(role, input.role);
		if (problem) throw new HttpError('forbidden', problem);
		if (input.kind === 'link') {
			const { invite, token } = await createInvite(c.env.DB, teamId, user.id, input);
			return c.json({ invite, url: inviteLink(appOrigin(c), token) } satisfies CreatedInviteResponse, 201);
		}
		if ((await listMembers(c.env.DB, teamId)).some((member) => member.email === input.email)) {
			throw new HttpError('invalid_request', `${input.email} is already a member of this team.`, { status: 409 });
		}
		const deps = emailDeps(c);
		if (!(await mayEmail(deps.limiters, input.email))) {
			// The per-address count runs over an hour, so an hour from now is always late enough.
			const after = new Date(Date.now() + 3_600_000).toISOString();
			throw new HttpError(
				'rate_limited',
				`${input.email} has had several emails from Atrium this hour: try again in 1 h (after ${after}), or share an invite link now.`,
				{ headers: { 'Retry-After': '3600' } }
			);
		}
		const { invite, token } = await createInvite(c.env.DB, teamId, user.id, input);
		const name = (await teamName(c.env.DB, teamId)) ?? 'a team';
		await deps.mailer.send(teamInviteEmail(input.email, deps.origin, token, { teamName: name, role: input.role, inviter: user.email }));
		return c.json({ invite, url: null } satisfies CreatedInviteResponse, 201);
	})
	.delete('/:inviteId', async (c) => {
		const { teamId } = await teamRequest(c, 'admin', 'revoke invites');
		if (!(await revokeInvite(c.env.DB, teamId, pathId(c, 'inviteId')))) {
			throw new HttpError('not_found', 'No such invite: it may have been used, revoked or expired already.');
		}
		return c.body(null, 204);
	});

/** The invite a token opens, or the error that says why it cannot be used. */
async function openInvite(c: AuthContext): Promise<TeamInviteRow> {
	await admitAttempt(c, 'verify');
	const { token } = await readTeamBody(c.req.raw, inviteTokenRequestSchema);
	const found = await findInvite(c.env.DB, token);
	if (found.ok) return found.invite;
	throw new HttpError(
		'invalid_request',
		found.reason === 'expired'
			? 'This invite has expired: ask the team for a new one.'
			: 'This invite is not valid: it was revoked or already used, or the link is incomplete. Ask the team for a new one.',
		{ status: found.reason === 'expired' ? 410 : 404 }
	);
}

export const inviteAcceptRoutes = new Hono<AuthHono>()
	.use(requireSameOrigin(), withSession())
	.post('/preview', async (c) => {
		const invite = await openInvite(c);
		const name = await teamName(c.env.DB, invite.teamId);
		if (name === undefined) throw new HttpError('not_found', 'This team no longer exists.');
		return c.json({ teamName: name, role: invite.role, kind: invite.kind, email: invite.email && maskEmail(invite.email) } satisfies InvitePreview);
	})
	.post('/accept', async (c) => {
		const { user } = requireSession(c);
		const invite = await openInvite(c);
		if (invite.kind === 'email' && invite.email !== user.email) {
			throw new HttpError(
				'forbidden',
				`This invite was sent to ${maskEmail(invite.email ?? '')}, but you are signed in as ${user.email}. Sign in with the invited address to accept it.`
			);
		}
		const alreadyMember = (await memberRole(c.env.DB, invite.teamId, user.id)) !== undefined;
		if (!alreadyMember || invite.kind === 'email') {
			if (!(await spendInvite(c.env.DB, invite))) {
				throw new HttpError('invalid_request', 'This invite was revoked or used a moment ago: ask the team for a new one.', { status: 404 });
			}
		}
		if (!alreadyMember) await addMember(c.env.DB, invite.teamId, user.id, invite.role);
		const team = await findTeam(c.env.DB, user.id, invite.teamId);
		if (!team) throw new HttpError('not_found', 'This team no longer exists.');
		return c.json({ team, alreadyMember } satisfies AcceptInviteResponse);
	});
