// Security headers for every response. The edge serves JSON and event streams only, never
// documents, so the CSP forbids everything and nothing may frame or cache it.
import type { MiddlewareHandler } from 'hono';

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
	'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
	'X-Content-Type-Options': 'nosniff',
	'X-Frame-Options': 'DENY',
	'Referrer-Policy': 'no-referrer',
	'Cross-Origin-Resource-Policy': 'same-origin',
	'Strict-Transport-Security': 'max-age=63072000; includeSubDomains'
};

export function securityHeaders(): MiddlewareHandler {
	return async (c, next) => {
		await next();
		for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(name, value);
		// Replies carry per-user data; a route that wants caching says so itself.
		if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-store');
	};
}
