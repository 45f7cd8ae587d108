// upstreamFailure: what the edge answers when a model provider refuses before streaming.
import { describe, expect, it } from 'vitest';
import { DEFAULT_UPSTREAM_RETRY_SECONDS, MAX_UPSTREAM_RETRY_SECONDS, upstreamFailure } from './errors.ts';

const NOW = new Date('2026-03-01T12:00:00.000Z');

describe('upstreamFailure on a 429', () => {
	it("passes the provider's wait on in Retry-After and names the moment", () => {
		const error = upstreamFailure('rate_limited', 'ignored', 'OpenAI (server)', 90, NOW);
		expect(error.status).toBe(429);
		expect(error.headers['Retry-After']).toBe('90');
		expect(error.message).toBe('OpenAI (server) is getting too many requests. Retry in 1 min (after 2026-03-01T12:01:30.000Z).');
	});

	it('says when the provider gave no time, and uses a short default', () => {
		const error = upstreamFailure('quota_exceeded', 'check your billing', 'Gemini (server)', undefined, NOW);
		expect(error.headers['Retry-After']).toBe(String(DEFAULT_UPSTREAM_RETRY_SECONDS));
		expect(error.message).toBe(
			"The server's Gemini (server) quota is used up. It gave no time: retry in 30 s (after 2026-03-01T12:00:30.000Z), or try another model."
		);
		expect(error.message).not.toContain('billing');
	});

	it('caps a wild wait at an hour and never asks for zero', () => {
		expect(upstreamFailure('rate_limited', '', 'X', 7 * 24 * 3600, NOW).headers['Retry-After']).toBe(String(MAX_UPSTREAM_RETRY_SECONDS));
		expect(upstreamFailure('rate_limited', '', 'X', 0, NOW).headers['Retry-After']).toBe('1');
	});

	it('sends no Retry-After on failures that are not about waiting', () => {
		expect(upstreamFailure('upstream_error', 'boom', 'X', 5, NOW).headers).toEqual({});
		expect(upstreamFailure('unauthorized', 'bad key', 'X', undefined, NOW).status).toBe(502);
	});
});
