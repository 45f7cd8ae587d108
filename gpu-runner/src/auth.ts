// Bearer-token check for the runner's routes. The token is compared in constant time so the
// response time says nothing about how much of a guess was right.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { apiError } from './apiError.ts';

/** Paths that stay open without a token: container and load-balancer probes cannot send one. */
const PUBLIC_PATHS = new Set(['/health']);

/** True when `given` equals `expected`, in time that depends on neither. */
export function tokensMatch(given: string, expected: string): boolean {
	// Hashing first gives equal-length buffers (timingSafeEqual needs them) without leaking
	// the expected token's length through an early return.
	const a = createHash('sha256').update(given).digest();
	const b = createHash('sha256').update(expected).digest();
	return timingSafeEqual(a, b);
}

/** Rejects every request but PUBLIC_PATHS unless it carries `Authorization: Bearer <token>`. */
export function requireBearerToken(token: string): MiddlewareHandler {
	return async (c, next) => {
		if (PUBLIC_PATHS.has(c.req.path)) {
			return next();
		}
		const header = c.req.header('authorization') ?? '';
		const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
		if (match?.[1] === undefined || !tokensMatch(match[1], token)) {
			c.header('WWW-Authenticate', 'Bearer realm="atrium-gpu-runner"');
			return apiError(c, 401, 'unauthorized', 'A valid bearer token is required (Authorization: Bearer <RUNNER_TOKEN>).');
		}
		return next();
	};
}
