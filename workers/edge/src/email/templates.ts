// The account emails, as plain text with a matching minimal HTML part. Links carry their
// token in the fragment (`#token=`), which browsers never send to a server or in a
// Referer, so it stays out of logs; the page posts it to the edge.
import type { EmailMessage } from './mailer.ts';

/** How long an emailed link works, in minutes (and how the emails word it). */
export const LINK_TTL_MINUTES = 60;
const LINK_TTL_WORDS = '1 hour';
/** Sign-in links are bearer credentials on their own, so they live shorter. */
export const MAGIC_LINK_TTL_MINUTES = 15;

export function verificationEmail(to: string, origin: string, token: string): EmailMessage {
	const link = `${origin}/verify-email#token=${token}`;
	return compose(to, 'Confirm your email for Atrium', [
		'Open this link to confirm your email address and finish creating your Atrium account:',
		link,
		`The link works once and expires in ${LINK_TTL_WORDS}. If you did not sign up, ignore this email.`
	], link);
}

export function alreadyRegisteredEmail(to: string, origin: string): EmailMessage {
	const link = `${origin}/sign-in`;
	return compose(to, 'You already have an Atrium account', [
		'Someone (probably you) tried to create an Atrium account with this email address, which already has one.',
		`Sign in at ${link}, or choose a new password there with "Forgot your password?".`,
		'If it was not you, you can ignore this email: nothing has changed.'
	], link);
}

export function passwordResetEmail(to: string, origin: string, token: string): EmailMessage {
	const link = `${origin}/reset-password#token=${token}`;
	return compose(to, 'Choose a new Atrium password', [
		'Open this link to choose a new password for your Atrium account:',
		link,
		`The link works once and expires in ${LINK_TTL_WORDS}. If you did not ask for it, ignore this email: your password stays as it is.`
	], link);
}

export function magicLinkEmail(to: string, origin: string, token: string): EmailMessage {
	const link = `${origin}/magic-link#token=${token}`;
	return compose(to, 'Your Atrium sign-in link', [
		'Open this link to sign in to Atrium:',
		link,
		`The link works once and expires in ${MAGIC_LINK_TTL_MINUTES} minutes. If you did not ask for it, ignore this email: nobody can sign in without it.`
	], link);
}

export function passwordChangedEmail(to: string, origin: string): EmailMessage {
	const link = `${origin}/reset-password`;
	return compose(to, 'Your Atrium password was changed', [
		'The password of your Atrium account was just changed, and every device was signed out.',
		`If that was not you, choose a new password now at ${link}.`
	], link);
}

/** One email from its paragraphs; the paragraph equal to `link` becomes the link in the HTML part. */
export function compose(to: string, subject: string, paragraphs: string[], link: string): EmailMessage {
	const html = paragraphs
		.map((paragraph) =>
			paragraph === link ? `<p><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>` : `<p>${escapeHtml(paragraph)}</p>`
		)
		.join('\n');
	return { to, subject, text: `${paragraphs.join('\n\n')}\n`, html };
}

function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
