// /api/auth/sessions: the signed-in user's devices, and revoking one. Only the owner's
// sessions are visible or revocable; another user's session id answers exactly like an
// unknown one.
import { Hono } from 'hono';
import type { SessionsResponse } from '../../../../src/lib/protocol/auth.ts';
import { clearSessionCookie, requireSession, type AuthHono } from '../auth/authContext.ts';
import { listUserSessions, revokeUserSession } from '../auth/sessions.ts';
import { HttpError } from '../errors.ts';
import { parsePathId } from '../pathIds.ts';

export const sessionRoutes = new Hono<AuthHono>()
	.get('/', async (c) => {
		const { user, session } = requireSession(c);
		return c.json({ sessions: await listUserSessions(c.env.DB, user.id, session.id) } satisfies SessionsResponse);
	})
	.delete('/:id', async (c) => {
		const { user, session } = requireSession(c);
		const id = parsePathId(c.req.param('id'), 'session');
		if (!(await revokeUserSession(c.env, user.id, id))) {
			throw new HttpError('not_found', 'No such session: it may have ended already.');
		}
		if (id === session.id) clearSessionCookie(c);
		return c.body(null, 204);
	});
