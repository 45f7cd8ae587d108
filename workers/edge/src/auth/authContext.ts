// What account routes share: their Hono environment (the signed-in session, if any), the
// session cookie, and the middleware that reads it. The cookie is HttpOnly, SameSite=Lax
// and, over HTTPS, Secure with the __Host- prefix (no Domain, Path=/), so no script, other
// site or sibling subdomain can read or plant it. Plain-HTTP development (localhost) gets
// the same cookie minus Secure, which such origins cannot set.
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { EdgeConfig } from '../config.ts';
import type { EdgeEnv } from '../env.ts';
import { HttpError } from '../errors.ts';
import { readAuthConfig, type AuthConfig } from './authConfig.ts';
import { SESSION_TTL_MS, validateSessionToken, type ValidSession } from './sessions.ts';

export interface AuthHono {
	Bindings: EdgeEnv;
	Variables: {
		config: EdgeConfig;
		authConfig: AuthConfig;
		/** A signed-in session (password and, if on, second factor done). */
		auth: ValidSession | undefined;
		/** A session waiting for its second factor. */
		pending: ValidSession | undefined;
	};
}

export type AuthContext = Context<AuthHono>;

const SECURE_COOKIE = '__Host-atrium_session';
const PLAIN_COOKIE = 'atrium_session';

function isHttps(c: Context): boolean {
	return new URL(c.req.url).protocol === 'https:';
}

export function readSessionCookie(c: Context): string | undefined {
	return getCookie(c, isHttps(c) ? SECURE_COOKIE : PLAIN_COOKIE);
}

export function setSessionCookie(c: Context, token: string, expiresAt: Date): void {
	const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
	const common = { httpOnly: true, sameSite: 'Lax', path: '/', maxAge: Math.min(maxAge, SESSION_TTL_MS / 1000) } as const;
	if (isHttps(c)) setCookie(c, SECURE_COOKIE, token, { ...common, secure: true });
	else setCookie(c, PLAIN_COOKIE, token, common);
}

export function clearSessionCookie(c: Context): void {
	if (isHttps(c)) deleteCookie(c, SECURE_COOKIE, { path: '/', secure: true, httpOnly: true, sameSite: 'Lax' });
	else deleteCookie(c, PLAIN_COOKIE, { path: '/', httpOnly: true, sameSite: 'Lax' });
}

/**
 * Reads the account settings and the session cookie. A valid session lands in
 * `c.var.auth`, or in `c.var.pending` while it waits for a second factor; its cookie is
 * re-sent when the expiry slid, and a stale cookie is cleared.
 */
export function withSession(): MiddlewareHandler<AuthHono> {
	return async (c, next) => {
		c.set('authConfig', readAuthConfig(c.env));
		const token = readSessionCookie(c);
		const auth = token === undefined ? undefined : await validateSessionToken(c.env.DB, token);
		if (token !== undefined && auth === undefined) clearSessionCookie(c);
		if (token !== undefined && auth?.renewed) setSessionCookie(c, token, auth.session.expiresAt);
		c.set('auth', auth?.twoFactorPending ? undefined : auth);
		c.set('pending', auth?.twoFactorPending ? auth : undefined);
		await next();
	};
}

/** The signed-in session, or a 401 that says to sign in. */
export function requireSession(c: AuthContext): ValidSession {
	const auth = c.get('auth');
	if (auth) return auth;
	throw new HttpError(
		'unauthorized',
		c.get('pending')
			? 'Finish signing in first: enter the code from your authenticator app.'
			: 'You are not signed in (or your session ended): sign in again.'
	);
}

/** The origin links in emails point at: this request's own (on Workers, the routed host). */
export function appOrigin(c: Context): string {
	return new URL(c.req.url).origin;
}
