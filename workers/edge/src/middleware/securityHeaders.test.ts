import { describe, expect, it } from 'vitest';
// The static files' header rules, as the build ships them (Workers static assets apply them).
import staticHeaderRules from '../../../../_headers?raw';
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

/** The headers `_headers` gives every static file (its `/*` block). */
function staticFileHeaders(rules: string): Map<string, string> {
	const headers = new Map<string, string>();
	let inAll = false;
	for (const line of rules.split('\n')) {
		if (line.startsWith('#') || line.trim() === '') continue;
		if (!/^\s/.test(line)) {
			inAll = line.trim() === '/*';
			continue;
		}
		const colon = line.indexOf(':');
		if (inAll) headers.set(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
	}
	return headers;
}

describe('static files and API responses', () => {
	it('agree on transport security, framing, sniffing and cross-origin reads', () => {
		const statics = staticFileHeaders(staticHeaderRules);
		for (const name of ['Strict-Transport-Security', 'Cross-Origin-Resource-Policy', 'X-Frame-Options', 'X-Content-Type-Options']) {
			expect(statics.get(name), name).toBe(SECURITY_HEADERS[name]);
		}
		// Each side has a framing policy and a referrer policy; the documents' CSP is the shell's <meta>.
		expect(statics.get('Content-Security-Policy')).toBe("frame-ancestors 'none'");
		expect(statics.get('Referrer-Policy')).toBe('strict-origin-when-cross-origin');
		expect(statics.get('Permissions-Policy')).toMatch(/camera=\(\)/);
	});
});
