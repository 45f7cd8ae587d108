import { describe, expect, it } from 'vitest';
import { encodingFor, estimateTokens, loadCounter, MESSAGE_OVERHEAD, TokenCache } from './tokens.ts';

describe('tokens', () => {
	it('picks the encoding of each OpenAI family and estimates the rest', () => {
		expect(encodingFor('gpt-4o-mini')).toBe('o200k_base');
		expect(encodingFor('o3-mini')).toBe('o200k_base');
		expect(encodingFor('gpt-4-turbo')).toBe('cl100k_base');
		expect(encodingFor('gpt-3.5-turbo')).toBe('cl100k_base');
		expect(encodingFor('gemini-2.5-flash')).toBe('estimate');
		expect(encodingFor('llama-3.1-8b')).toBe('estimate');
	});

	it('counts exactly with the real encodings', async () => {
		const o200k = await loadCounter('o200k_base');
		const cl100k = await loadCounter('cl100k_base');
		expect(o200k('hello world')).toBe(2);
		expect(cl100k('hello world')).toBe(2);
		expect(o200k('')).toBe(0);
	});

	it('over-estimates rather than under-estimates for unknown tokenizers', async () => {
		const text = 'The quick brown fox jumps over the lazy dog. '.repeat(20);
		const exact = (await loadCounter('o200k_base'))(text);
		expect(estimateTokens(text)).toBeGreaterThanOrEqual(exact);
		expect(estimateTokens('日本語')).toBe(3);
	});

	it('estimates a long unbroken run instead of running BPE over it', async () => {
		const o200k = await loadCounter('o200k_base');
		const run = 'y'.repeat(100_000);
		expect(o200k(`hello ${run} world`)).toBe(o200k('hello   world') + estimateTokens(run));
	});

	it('caches per message version and counts again after an edit', () => {
		const cache = new TokenCache();
		let calls = 0;
		const counter = (text: string) => (calls++, text.length);
		expect(cache.count({ id: 'm', updatedAt: 1 }, 'abc', 'estimate', counter)).toBe(3 + MESSAGE_OVERHEAD);
		cache.count({ id: 'm', updatedAt: 1 }, 'abc', 'estimate', counter);
		expect(calls).toBe(1);
		cache.count({ id: 'm', updatedAt: 2 }, 'abcd', 'estimate', counter);
		expect(calls).toBe(2);
	});

	it('forgets the oldest counts past its limit', () => {
		const cache = new TokenCache(2);
		for (const id of ['a', 'b', 'c']) cache.count({ id, updatedAt: 1 }, 'x', 'estimate', () => 1);
		expect(cache.size).toBe(2);
	});
});
