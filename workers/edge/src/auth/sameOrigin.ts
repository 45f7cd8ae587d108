// CSRF protection for the account API: a write (any method but GET/HEAD/OPTIONS) must come
// from the app's own origin or one listed in ALLOWED_ORIGINS. Browsers put Origin on every
// such request and scripts cannot forge it, so checking it stops cross-site forms and
// fetches without a token to store (the app is client-rendered and offline-first, where a
// token would need a round trip first). Sec-Fetch-Site covers browsers that omit Origin;
// a request with neither header comes from no browser, and is refused only if it carries a
// session cookie. SameSite=Lax on the cookie is the second layer.
import type { MiddlewareHandler } from 'hono';
import { HttpError } from '../errors.ts';
import type { AuthHono } from './authContext.ts';
import { readSessionCookie } from './authContext.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function requireSameOrigin(): MiddlewareHandler<AuthHono> {
	return async (c, next) => {
		if (SAFE_METHODS.has(c.req.method)) return next();
		const origin = c.req.header('Origin');
		const fetchSite = c.req.header('Sec-Fetch-Site');
		const trusted =
			origin !== undefined
				? origin === new URL(c.req.url).origin || c.get('config').allowedOrigins.includes(origin)
				: fetchSite !== undefined
					? fetchSite === 'same-origin' || fetchSite === 'none'
					: readSessionCookie(c) === undefined;
		if (!trusted) {
			throw new HttpError('forbidden', 'Refused a cross-site request: account changes must come from Atrium itself.');
		}
		await next();
	};
}
