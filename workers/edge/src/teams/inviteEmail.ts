// The email that invites someone into a team. The token rides in the fragment
// (`/join#token=`), like every emailed link, so it stays out of server logs and Referers.
import { EMAIL_INVITE_TTL_DAYS, type TeamRole } from '../../../../src/lib/protocol/teams.ts';
import { compose } from '../email/templates.ts';
import type { EmailMessage } from '../email/mailer.ts';

export function inviteLink(origin: string, token: string): string {
	return `${origin}/join#token=${token}`;
}

export function teamInviteEmail(to: string, origin: string, token: string, invite: { teamName: string; role: TeamRole; inviter: string }): EmailMessage {
	const link = inviteLink(origin, token);
	return compose(to, `Join ${invite.teamName} on Atrium`, [
		`${invite.inviter} invited you to the team "${invite.teamName}" on Atrium, as ${invite.role === 'admin' ? 'an admin' : `a ${invite.role}`}.`,
		'Open this link to join (sign in, or create an account with this email address, first):',
		link,
		`The invite works once, only for ${to}, and expires in ${EMAIL_INVITE_TTL_DAYS} days. If you do not know the sender, ignore this email.`
	], link);
}
