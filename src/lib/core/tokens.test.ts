import { describe, expect, it } from 'vitest';
import { encodingFor, estimateTokens, guardLongRuns, messageKey, TokenCache, tokenUpperBound, textKey } from './tokens.ts';

describe('tokens', () => {
	it('picks the encoding of each OpenAI family and estimates the rest', () => {
		expect(encodingFor('gpt-4o-mini')).toBe('o200k_base');
		expect(encodingFor('o3-mini')).toBe('o200k_base');
		expect(encodingFor('gpt-4-turbo')).toBe('cl100k_base');
		expect(encodingFor('gpt-3.5-turbo')).toBe('cl100k_base');
		expect(encodingFor('gemini-2.5-flash')).toBe('estimate');
		expect(encodingFor('llama-3.1-8b')).toBe('estimate');
	});

	it('estimates about 3.5 characters a token, one per CJK character', () => {
		expect(estimateTokens('')).toBe(0);
		expect(estimateTokens('abcdefg')).toBe(2);
		expect(estimateTokens('日本語')).toBe(3);
	});

	it('bounds tokens by UTF-8 bytes, whatever the script', () => {
		expect(tokenUpperBound('')).toBe(0);
		expect(tokenUpperBound('hello')).toBe(5);
		expect(tokenUpperBound('é')).toBe(2);
		expect(tokenUpperBound('日本語')).toBe(9);
		expect(tokenUpperBound('😀')).toBe(4);
		expect(tokenUpperBound('\ud800x')).toBe(4);
		const mixed = 'Grüße, 世界! 😀 <|endoftext|>';
		expect(tokenUpperBound(mixed)).toBe(new TextEncoder().encode(mixed).length);
	});

	it('estimates a long unbroken run instead of counting it', () => {
		let counted = '';
		const counter = guardLongRuns((text) => ((counted = text), text.length));
		const run = 'y'.repeat(100_000);
		expect(counter(`hello ${run} world`)).toBe('hello   world'.length + estimateTokens(run));
		expect(counted).toBe('hello   world');
	});

	it('keys a message by id, version and length, and other text by itself', () => {
		const base = { id: 'm', updatedAt: 1, content: 'abc' };
		expect(messageKey(base)).not.toBe(messageKey({ ...base, updatedAt: 2 }));
		expect(messageKey(base)).not.toBe(messageKey({ ...base, content: 'abcd' }));
		expect(textKey('Be brief.')).not.toBe(textKey('Be kind.'));
	});

	it('caches per encoding and key', () => {
		const cache = new TokenCache();
		cache.set('o200k_base', 'k', 3);
		expect(cache.get('o200k_base', 'k')).toBe(3);
		expect(cache.get('cl100k_base', 'k')).toBeUndefined();
		cache.set('o200k_base', 'k', 4);
		expect(cache.get('o200k_base', 'k')).toBe(4);
		expect(cache.size).toBe(1);
	});

	it('forgets the oldest counts past its limit', () => {
		const cache = new TokenCache(2);
		for (const key of ['a', 'b', 'c']) cache.set('estimate', key, 1);
		expect(cache.size).toBe(2);
		expect(cache.get('estimate', 'a')).toBeUndefined();
		expect(cache.get('estimate', 'c')).toBe(1);
	});
});
