// The errors for an emailed link that cannot be used, saying what to do instead.
import { HttpError } from '../errors.ts';
import { LINK_TTL_MINUTES } from '../email/templates.ts';

export function linkFailure(reason: 'invalid' | 'expired', remedy: string, ttlMinutes = LINK_TTL_MINUTES): HttpError {
	return new HttpError(
		'invalid_request',
		reason === 'expired'
			? `This link has expired (links work for ${ttlMinutes} minutes): ${remedy}.`
			: `This link is not valid or was already used: ${remedy}.`
	);
}
