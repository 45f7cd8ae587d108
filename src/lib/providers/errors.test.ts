// The failure table on bodies the providers' own tests do not reach: other OpenAI-compatible
// servers' shapes, Gemini's missing-key answer, Retry-After forms, raw fetch failures.
import { describe, expect, it } from 'vitest';
import { failureEvents, fromHttpResponse, retryAfterFromHeaders, toProviderError } from './errors.ts';
import { ProviderError } from './types.ts';

const context = { label: 'Box', endpoint: 'http://box:8080/v1' };

describe('fromHttpResponse', () => {
	it('reads the wait from Retry-After on a rate limit', () => {
		const error = fromHttpResponse(429, { error: { message: 'slow down', type: 'rate_limit' } }, new Headers({ 'retry-after': '12' }), context);
		expect(error).toMatchObject({ code: 'rate_limited', status: 429, message: 'Box is getting too many requests. Retry in 12 s.' });
	});

	it('says "in a moment" when no wait is given', () => {
		expect(fromHttpResponse(429, '', undefined, context).message).toBe('Box is getting too many requests. Try again in a moment.');
	});

	it("treats Gemini's 403 for a missing key as a key problem", () => {
		const body = { error: { code: 403, status: 'PERMISSION_DENIED', message: "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API." } };
		expect(fromHttpResponse(403, body, undefined, context).code).toBe('unauthorized');
	});

	it('keeps a real 403 as forbidden, quoting the server', () => {
		const error = fromHttpResponse(403, { error: { message: 'Country, region, or territory not supported', code: 'unsupported_country_region_territory' } }, undefined, context);
		expect(error).toMatchObject({ code: 'forbidden', message: 'Box refused access. It said: “Country, region, or territory not supported”' });
	});

	it("reads Ollama's plain string error and vLLM's top-level message", () => {
		expect(fromHttpResponse(404, { error: "model 'llama9' not found" }, undefined, context)).toMatchObject({
			code: 'not_found',
			message: expect.stringContaining("model 'llama9' not found") as string
		});
		expect(fromHttpResponse(400, { object: 'error', message: 'temperature must be <= 2', type: 'BadRequestError' }, undefined, context)).toMatchObject({
			code: 'invalid_request',
			message: 'Box rejected the request. It said: “temperature must be <= 2”'
		});
	});

	it('maps 402 (out of credits, as OpenRouter says) to quota_exceeded', () => {
		expect(fromHttpResponse(402, { error: { message: 'Insufficient credits' } }, undefined, context).code).toBe('quota_exceeded');
	});

	it('maps every 5xx to upstream_error without quoting internals', () => {
		expect(fromHttpResponse(503, '<html>overloaded</html>', undefined, context)).toMatchObject({
			code: 'upstream_error',
			message: 'Box had a server error (HTTP 503). Try again in a moment.'
		});
	});
});

describe('retryAfterFromHeaders', () => {
	it('reads seconds, milliseconds and HTTP dates, rounding up', () => {
		expect(retryAfterFromHeaders(new Headers({ 'retry-after': '1.2' }))).toBe(2);
		expect(retryAfterFromHeaders(new Headers({ 'retry-after-ms': '2500', 'retry-after': '9' }))).toBe(3);
		const now = Date.parse('2026-01-01T00:00:00Z');
		expect(retryAfterFromHeaders(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:30 GMT' }), now)).toBe(30);
		expect(retryAfterFromHeaders(new Headers({ 'retry-after': 'soon' }))).toBeUndefined();
	});
});

describe('toProviderError', () => {
	it('recognises fetch failures from Node and from browsers as network errors', () => {
		const node = new TypeError('fetch failed', { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) });
		expect(toProviderError(node, context)).toMatchObject({ code: 'network', message: 'Could not reach http://box:8080/v1. Is the server running and the URL correct?' });
		expect(toProviderError(new TypeError('Failed to fetch'), { label: 'Gemini' })).toMatchObject({ code: 'network', message: 'Could not reach Gemini. Check your internet connection.' });
	});

	it('reports anything once the caller aborted as aborted', () => {
		const controller = new AbortController();
		controller.abort();
		expect(toProviderError(new TypeError('Failed to fetch'), { ...context, signal: controller.signal }).code).toBe('aborted');
		expect(toProviderError(new DOMException('gone', 'AbortError'), context).code).toBe('aborted');
	});

	it('keeps a ProviderError as it is and wraps the unknown as internal', () => {
		const own = new ProviderError('too_large', 'Too big');
		expect(toProviderError(own, context)).toBe(own);
		expect(toProviderError('weird', context)).toMatchObject({ code: 'internal', message: 'Something went wrong talking to Box: weird' });
	});
});

describe('failureEvents', () => {
	it('ends an aborted stream quietly and a failed one with error then finish', () => {
		const controller = new AbortController();
		controller.abort();
		expect(failureEvents(new Error('x'), { ...context, signal: controller.signal })).toEqual([{ type: 'finish', reason: 'abort' }]);
		expect(failureEvents(new ProviderError('network', 'down'), { ...context, signal: new AbortController().signal })).toEqual([
			{ type: 'error', code: 'network', message: 'down' },
			{ type: 'finish', reason: 'error' }
		]);
	});
});
