// GET /api/dev/outbox: the emails this edge sent, newest first, optionally `?to=<email>`: JSON
// for tests and tools, a page (devOutboxPage.ts) when a browser asks for HTML. Exists only when
// EMAIL_OUTBOX=1 (`npm start` sets it); otherwise it is an unknown path.
import { Hono } from 'hono';
import { normalizeEmail, type OutboxResponse } from '../../../../src/lib/protocol/auth.ts';
import { readAuthConfig } from '../auth/authConfig.ts';
import { readOutbox } from '../email/outbox.ts';
import type { EdgeHono } from '../edgeContext.ts';
import { HttpError } from '../errors.ts';
import { outboxPage } from './devOutboxPage.ts';

export const devOutboxRoutes = new Hono<EdgeHono>().get('/', async (c) => {
	if (!readAuthConfig(c.env).outbox) throw new HttpError('not_found', `No such endpoint: GET ${c.req.path}.`);
	const to = c.req.query('to')?.trim() || undefined;
	const messages = await readOutbox(c.env.DB, to ? normalizeEmail(to) : undefined);
	// Browsers navigating here list text/html; fetch() and tools send */* or application/json.
	if (/\btext\/html\b/.test(c.req.header('Accept') ?? '')) return c.html(outboxPage(messages, to));
	return c.json({ messages } satisfies OutboxResponse);
});
