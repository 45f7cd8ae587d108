// The browser's half of an OAuth round trip, per the Lucia guide: a random state and a
// PKCE code verifier in an HttpOnly, SameSite=Lax cookie (__Host- over HTTPS), set when the
// round trip starts and compared, in constant time, when the provider sends the browser
// back. The cookie outlives the 10 minutes a round trip may take, so a late answer is told
// apart from a forged one.
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { generateCodeVerifier, generateState } from 'arctic';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { oauthIntentSchema, oauthProviderSchema, type OAuthFailure, type OAuthIntent, type OAuthProvider } from '../../../../src/lib/protocol/oauth.ts';

export const OAUTH_ROUND_TRIP_MS = 10 * 60 * 1000;
const COOKIE_MAX_AGE_S = 60 * 60;

export interface OAuthRoundTrip {
	provider: OAuthProvider;
	intent: OAuthIntent;
	issuedAt: number;
	state: string;
	codeVerifier: string;
}

const isHttps = (c: Context) => new URL(c.req.url).protocol === 'https:';
const cookieName = (c: Context) => (isHttps(c) ? '__Host-atrium_oauth' : 'atrium_oauth');

/** A new round trip, remembered in this browser's cookie. */
export function beginRoundTrip(c: Context, provider: OAuthProvider, intent: OAuthIntent): OAuthRoundTrip {
	const trip: OAuthRoundTrip = { provider, intent, issuedAt: Date.now(), state: generateState(), codeVerifier: generateCodeVerifier() };
	const value = [trip.provider, trip.intent, trip.issuedAt, trip.state, trip.codeVerifier].join('.');
	setCookie(c, cookieName(c), value, { httpOnly: true, sameSite: 'Lax', path: '/', maxAge: COOKIE_MAX_AGE_S, secure: isHttps(c) });
	return trip;
}

/**
 * The round trip the provider's answer (`state`) completes, or why it cannot be one. The
 * cookie is spent either way: an answer can be used once.
 */
export function finishRoundTrip(c: Context, provider: OAuthProvider, state: string | undefined): { ok: true; trip: OAuthRoundTrip } | { ok: false; failure: OAuthFailure } {
	const raw = getCookie(c, cookieName(c));
	deleteCookie(c, cookieName(c), { path: '/', secure: isHttps(c), httpOnly: true, sameSite: 'Lax' });
	if (raw === undefined) return { ok: false, failure: 'expired' };
	const trip = parse(raw);
	if (!trip || trip.provider !== provider || state === undefined) return { ok: false, failure: 'state_mismatch' };
	const encoder = new TextEncoder();
	if (!constantTimeEqual(encoder.encode(trip.state), encoder.encode(state))) return { ok: false, failure: 'state_mismatch' };
	if (Date.now() - trip.issuedAt > OAUTH_ROUND_TRIP_MS) return { ok: false, failure: 'expired' };
	return { ok: true, trip };
}

/** Forgets the round trip (the provider reported a refusal). */
export function dropRoundTrip(c: Context): void {
	deleteCookie(c, cookieName(c), { path: '/', secure: isHttps(c), httpOnly: true, sameSite: 'Lax' });
}

function parse(raw: string): OAuthRoundTrip | undefined {
	const [provider, intent, issuedAt, state, codeVerifier, ...rest] = raw.split('.');
	const p = oauthProviderSchema.safeParse(provider);
	const i = oauthIntentSchema.safeParse(intent);
	const at = Number(issuedAt);
	if (rest.length > 0 || !p.success || !i.success || !Number.isSafeInteger(at) || !state || !codeVerifier) return undefined;
	return { provider: p.data, intent: i.data, issuedAt: at, state, codeVerifier };
}
