import { afterEach, describe, expect, it, vi } from 'vitest';
import { callEdge } from '../test/edge.ts';
import { TEST_OPENAI_KEY } from '../test/testKeys.ts';

afterEach(() => {
	vi.restoreAllMocks();
});

describe('edge configuration', () => {
	it('answers 500 for a malformed binding, naming it in the log and nothing in the response', async () => {
		const error = vi.spyOn(console, 'error').mockImplementation(() => {});
		const { response } = await callEdge('/api/models', {}, { OPENAI_BASE_URL: 'not a url', RATE_LIMIT_MAX: 'lots' });
		expect(response.status).toBe(500);
		expect(await response.json()).toEqual({ error: { code: 'internal', message: 'The server failed to handle this request.' } });
		const logged = error.mock.calls.flat().join(' ');
		expect(logged).toContain('OPENAI_BASE_URL');
		expect(logged).toContain('RATE_LIMIT_MAX');
		expect(logged).not.toContain(TEST_OPENAI_KEY);
	});
});
