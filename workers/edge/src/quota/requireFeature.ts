// Route guards by tier: `requireFeature('imageGeneration')` for gated features (the table is
// src/lib/protocol/tiers.ts) and `requireAdmin()` for /api/admin. Both answer 401 when
// nobody is signed in and 403 when the account's tier does not allow it.
import type { MiddlewareHandler } from 'hono';
import { features, FEATURE_LABELS, lowestTierWith, TIER_LABELS, type Feature } from '../../../../src/lib/protocol/tiers.ts';
import { requireSession, withSession, type AuthHono } from '../auth/authContext.ts';
import { HttpError } from '../errors.ts';

/** Runs withSession() unless an earlier middleware already did, so guards work on any route. */
const ensureSession: MiddlewareHandler<AuthHono> = async (c, next) => {
	if (c.get('authConfig') === undefined) return withSession()(c, next);
	await next();
};

function guard(check: (c: Parameters<MiddlewareHandler<AuthHono>>[0]) => void): MiddlewareHandler<AuthHono> {
	return async (c, next) => {
		await ensureSession(c, async () => {
			check(c);
			await next();
		});
	};
}

export function requireFeature(feature: Feature): MiddlewareHandler<AuthHono> {
	return guard((c) => {
		const { user } = requireSession(c);
		if (features(user.tier)[feature]) return;
		throw new HttpError(
			'forbidden',
			`${FEATURE_LABELS[feature]} needs the ${TIER_LABELS[lowestTierWith(feature)]} tier; your account is on ${TIER_LABELS[user.tier]}.`
		);
	});
}

export function requireAdmin(): MiddlewareHandler<AuthHono> {
	return guard((c) => {
		const { user } = requireSession(c);
		if (user.tier !== 'admin') throw new HttpError('forbidden', 'Only administrators can use this.');
	});
}
