// Emails about account settings (decision 0009): confirming a new address, telling the
// old one about the change, and confirming a deletion.
import { LINK_TTL_MINUTES, compose } from './templates.ts';
import type { EmailMessage } from './mailer.ts';

export const EMAIL_CHANGE_TTL_MINUTES = LINK_TTL_MINUTES;

export function confirmNewEmail(to: string, origin: string, token: string): EmailMessage {
	const link = `${origin}/account/email#token=${token}`;
	return compose(to, 'Confirm your new email for Atrium', [
		'Open this link to make this the email address of your Atrium account:',
		link,
		'The link works once and expires in 1 hour. If you did not ask for this, ignore this email: nothing changes without it.'
	], link);
}

/** Sent instead of a change link when the address already has an account, so the answer to the asker reveals nothing. */
export function addressTakenNotice(to: string, origin: string): EmailMessage {
	const link = `${origin}/sign-in`;
	return compose(to, 'Someone tried to use this address for Atrium', [
		'Someone signed in to another Atrium account asked to move that account to this email address.',
		`This address already has an Atrium account, so nothing changed. If it was you, sign in to this account at ${link}. If not, you can ignore this email.`
	], link);
}

export function emailChangedNotice(to: string, origin: string, newEmail: string): EmailMessage {
	const link = `${origin}/reset-password`;
	return compose(to, 'Your Atrium email address was changed', [
		`The email address of your Atrium account was changed from this one to ${newEmail}. Emails about the account now go there.`,
		`If that was not you, your account may be in someone else's hands: contact whoever runs this Atrium server (${origin}). Your password can be reset at ${link} from the new address only.`
	], link);
}

export function accountDeletedNotice(to: string, origin: string): EmailMessage {
	return compose(to, 'Your Atrium account was deleted', [
		'Your Atrium account and everything the server held about it were deleted, and every device was signed out.',
		`What you kept on your devices (conversations in the app) is still there. You can create a new account at ${origin}/sign-up.`
	], `${origin}/sign-up`);
}
