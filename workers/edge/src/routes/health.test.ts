import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { healthResponseSchema } from '../../../../src/lib/protocol/chat.ts';
import { callEdge } from '../../test/edge.ts';
import { EDGE_VERSION } from '../version.ts';

describe('GET /api/health', () => {
	it('answers ok with the service, its version and the time, through the real request path', async () => {
		const before = Date.now();
		const response = await exports.default.fetch('https://edge.test/api/health');
		expect(response.status).toBe(200);
		const body = healthResponseSchema.parse(await response.json());
		expect(body).toMatchObject({ ok: true, service: 'atrium-edge', version: EDGE_VERSION });
		expect(EDGE_VERSION).toMatch(/^\d+\.\d+\.\d+/);
		expect(Date.parse(body.time)).toBeGreaterThanOrEqual(before - 1000);
	});

	it('stays open when an access token is configured, so monitors need no secret', async () => {
		const { response } = await callEdge('/api/health', {}, { EDGE_ACCESS_TOKEN: 'edge-secret-token' });
		expect(response.status).toBe(200);
	});

	it('answers unknown paths with a JSON 404 naming the path', async () => {
		const { response } = await callEdge('/api/nope');
		expect(response.status).toBe(404);
		expect(await response.json()).toEqual({ error: { code: 'not_found', message: 'No such endpoint: GET /api/nope.' } });
	});
});
