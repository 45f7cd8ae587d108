import { describe, expect, it } from 'vitest';
import { callEdge, EDGE_ORIGIN } from '../../test/edge.ts';

const APP_ORIGIN = 'https://app.example';

describe('cross-origin policy', () => {
	it('serves same-origin browser requests', async () => {
		const { response } = await callEdge('/api/health', { headers: { Origin: EDGE_ORIGIN } });
		expect(response.status).toBe(200);
		expect(response.headers.get('Access-Control-Allow-Origin')).toBe(EDGE_ORIGIN);
	});

	it('refuses other origins by default with a 403 that names the origin', async () => {
		const { response } = await callEdge('/api/models', { headers: { Origin: 'https://evil.example' } });
		expect(response.status).toBe(403);
		expect(response.headers.get('Access-Control-Allow-Origin')).toBeNull();
		expect(await response.json()).toEqual({
			error: { code: 'forbidden', message: 'Requests from origin https://evil.example are not allowed by this server.' }
		});
	});

	it('refuses a cross-site POST before it reaches an upstream', async () => {
		const { response } = await callEdge('/api/chat', {
			method: 'POST',
			headers: { Origin: 'https://evil.example', 'Content-Type': 'text/plain' },
			body: '{"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}'
		});
		expect(response.status).toBe(403);
	});

	it('allows origins listed in ALLOWED_ORIGINS, answering their preflight', async () => {
		const allowed = { ALLOWED_ORIGINS: `https://other.example, ${APP_ORIGIN}/` };
		const preflight = await callEdge(
			'/api/chat',
			{
				method: 'OPTIONS',
				headers: { Origin: APP_ORIGIN, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization, content-type' }
			},
			allowed
		);
		expect(preflight.response.status).toBe(204);
		expect(preflight.response.headers.get('Access-Control-Allow-Origin')).toBe(APP_ORIGIN);
		expect(preflight.response.headers.get('Access-Control-Allow-Methods')).toContain('POST');
		expect(preflight.response.headers.get('Access-Control-Allow-Headers')).toMatch(/Authorization/);

		const { response } = await callEdge('/api/health', { headers: { Origin: APP_ORIGIN } }, allowed);
		expect(response.status).toBe(200);
		expect(response.headers.get('Access-Control-Allow-Origin')).toBe(APP_ORIGIN);
		expect(response.headers.get('Vary')).toContain('Origin');
	});

	it('answers a preflight without asking for the access token (browsers never send it there)', async () => {
		const preflight = await callEdge(
			'/api/chat',
			{ method: 'OPTIONS', headers: { Origin: APP_ORIGIN, 'Access-Control-Request-Method': 'POST' } },
			{ ALLOWED_ORIGINS: APP_ORIGIN, EDGE_ACCESS_TOKEN: 'secret-token' }
		);
		expect(preflight.response.status).toBe(204);
	});
});
