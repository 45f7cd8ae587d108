// GET /api/health: liveness for monitors and the app's "is the server there" check.
// Open to everyone and touches no binding, so it stays cheap and says nothing private.
import { Hono } from 'hono';
import type { HealthResponse } from '../../../../src/lib/protocol/chat.ts';
import type { EdgeHono } from '../edgeContext.ts';
import { EDGE_VERSION } from '../version.ts';

export const healthRoutes = new Hono<EdgeHono>().get('/', (c) =>
	c.json({ ok: true, service: 'atrium-edge', version: EDGE_VERSION, time: new Date().toISOString() } satisfies HealthResponse)
);
