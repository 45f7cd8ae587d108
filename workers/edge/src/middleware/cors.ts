// Cross-origin policy: same-origin always, other origins only when listed in
// ALLOWED_ORIGINS. A request from any other origin is refused outright rather than merely
// left without CORS headers, because a "simple" cross-site POST would otherwise still run
// (and spend upstream tokens) even though the page could not read the reply.
import type { MiddlewareHandler } from 'hono';
import type { EdgeHono } from '../edgeContext.ts';
import { HttpError } from '../errors.ts';

const ALLOWED_METHODS = 'GET, POST, OPTIONS';
const ALLOWED_HEADERS = 'Authorization, Content-Type';
const PREFLIGHT_MAX_AGE_S = '600';

export function corsPolicy(): MiddlewareHandler<EdgeHono> {
	return async (c, next) => {
		const origin = c.req.header('Origin');
		// Browsers send Origin on every cross-origin request; tools and same-origin GETs may not.
		if (origin === undefined) return next();
		const sameOrigin = origin === new URL(c.req.url).origin;
		if (!sameOrigin && !c.get('config').allowedOrigins.includes(origin)) {
			throw new HttpError('forbidden', `Requests from origin ${origin} are not allowed by this server.`);
		}
		if (c.req.method === 'OPTIONS' && c.req.header('Access-Control-Request-Method') !== undefined) {
			return c.body(null, 204, {
				'Access-Control-Allow-Origin': origin,
				'Access-Control-Allow-Methods': ALLOWED_METHODS,
				'Access-Control-Allow-Headers': ALLOWED_HEADERS,
				'Access-Control-Max-Age': PREFLIGHT_MAX_AGE_S,
				Vary: 'Origin'
			});
		}
		await next();
		c.res.headers.set('Access-Control-Allow-Origin', origin);
		c.res.headers.set('Access-Control-Expose-Headers', 'Retry-After');
		c.res.headers.append('Vary', 'Origin');
	};
}
