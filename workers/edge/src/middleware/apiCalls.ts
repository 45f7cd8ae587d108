// Counts every call a signed-in user makes to /api, per UTC day, for the usage dashboard's
// "API calls". Chat requests are left out: the usage log counts them as messages, with their
// tokens. The count is written after the answer, in the background (one upsert), and only
// when the route found a signed-in session, so signed-out and refused-at-the-door calls are free.
import type { MiddlewareHandler } from 'hono';
import type { AuthHono } from '../auth/authContext.ts';
import { recordApiCall } from '../db/usage.ts';

/** Paths whose calls are counted elsewhere. */
const COUNTED_AS_MESSAGES = new Set(['/api/chat']);

export function countApiCalls(): MiddlewareHandler<AuthHono> {
	return async (c, next) => {
		await next();
		const user = c.get('auth')?.user;
		if (!user || COUNTED_AS_MESSAGES.has(c.req.path)) return;
		const written = recordApiCall(c.env.DB, user.id, new Date()).catch((error: unknown) =>
			console.error(`usage: counting an API call failed: ${String(error)}`)
		);
		c.executionCtx.waitUntil(written);
	};
}
