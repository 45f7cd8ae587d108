// GET /api/me: who this browser is signed in as, or `{ user: null }` — accounts are
// optional, so being signed out is an answer, not an error.
import { Hono } from 'hono';
import type { MeResponse } from '../../../../src/lib/protocol/auth.ts';
import { withSession, type AuthHono } from '../auth/authContext.ts';
import { toAccountUser } from '../auth/users.ts';

export const meRoutes = new Hono<AuthHono>().use(withSession()).get('/', (c) => {
	const auth = c.get('auth');
	return c.json({ user: auth ? toAccountUser(auth.user) : null, twoFactorPending: c.get('pending') !== undefined } satisfies MeResponse);
});
