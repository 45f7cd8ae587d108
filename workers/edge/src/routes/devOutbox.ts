// GET /api/dev/outbox: the emails this edge sent, newest first, optionally `?to=<email>`.
// Exists only when EMAIL_OUTBOX=1 (`npm start` sets it); otherwise it is an unknown path.
import { Hono } from 'hono';
import { normalizeEmail, type OutboxResponse } from '../../../../src/lib/protocol/auth.ts';
import { readAuthConfig } from '../auth/authConfig.ts';
import { readOutbox } from '../email/outbox.ts';
import type { EdgeHono } from '../edgeContext.ts';
import { HttpError } from '../errors.ts';

export const devOutboxRoutes = new Hono<EdgeHono>().get('/', async (c) => {
	if (!readAuthConfig(c.env).outbox) throw new HttpError('not_found', `No such endpoint: GET ${c.req.path}.`);
	const to = c.req.query('to');
	return c.json({ messages: await readOutbox(c.env.DB, to ? normalizeEmail(to) : undefined) } satisfies OutboxResponse);
});
