// The edge's guard until accounts arrive: when EDGE_ACCESS_TOKEN is configured, callers
// must send `Authorization: Bearer <token>`. Compared in constant time so response timing
// reveals nothing about how much of a guess was right.
import type { MiddlewareHandler } from 'hono';
import type { EdgeHono } from '../edgeContext.ts';
import { HttpError } from '../errors.ts';

export function requireAccessToken(): MiddlewareHandler<EdgeHono> {
	return async (c, next) => {
		const expected = c.get('config').accessToken;
		if (expected === undefined) return next();
		const given = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('Authorization') ?? '')?.[1];
		if (given === undefined || !(await tokensEqual(given, expected))) {
			throw new HttpError(
				'unauthorized',
				given === undefined
					? 'This server needs an access token: send it as "Authorization: Bearer <token>".'
					: 'The access token is not valid for this server.',
				{ headers: { 'WWW-Authenticate': 'Bearer realm="atrium-edge"' } }
			);
		}
		await next();
	};
}

/** Hashing first gives both sides one length, which timingSafeEqual requires. */
export async function tokensEqual(a: string, b: string): Promise<boolean> {
	const encoder = new TextEncoder();
	const [hashA, hashB] = await Promise.all([
		crypto.subtle.digest('SHA-256', encoder.encode(a)),
		crypto.subtle.digest('SHA-256', encoder.encode(b))
	]);
	return crypto.subtle.timingSafeEqual(hashA, hashB);
}
