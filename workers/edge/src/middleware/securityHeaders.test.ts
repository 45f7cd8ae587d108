import { describe, expect, it } from 'vitest';
import { callEdge, chatInit, readEvents, userMessage } from '../../test/edge.ts';
import { SECURITY_HEADERS } from './securityHeaders.ts';

function expectSecurityHeaders(response: Response) {
	expect(response.headers.get('Content-Security-Policy')).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
	expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
	expect(response.headers.get('Referrer-Policy')).toBe('no-referrer');
	expect(response.headers.get('X-Frame-Options')).toBe('DENY');
	for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(response.headers.get(name)).toBe(value);
}

describe('security headers', () => {
	it('are on JSON responses, with no-store caching', async () => {
		const { response } = await callEdge('/api/health');
		expectSecurityHeaders(response);
		expect(response.headers.get('Cache-Control')).toBe('no-store');
	});

	it('are on errors and unknown paths', async () => {
		expectSecurityHeaders((await callEdge('/nowhere')).response);
		expectSecurityHeaders((await callEdge('/api/chat', chatInit('nope'))).response);
		expectSecurityHeaders((await callEdge('/api/models', { headers: { Origin: 'https://evil.example' } })).response);
	});

	it('are on event streams, which keep their own no-cache policy', async () => {
		const call = await callEdge('/api/chat', chatInit(userMessage('openai/gpt-4o-mini', 'hi')));
		expectSecurityHeaders(call.response);
		expect(call.response.headers.get('Cache-Control')).toBe('no-cache, no-transform');
		await readEvents(call.response);
		await call.settled();
	});
});
