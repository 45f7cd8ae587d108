import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { estimateTokens, tokenUpperBound } from '../../core/tokens.ts';
import { createTokenCountService, loadCounter } from './counting.ts';

describe('token counting (the worker side)', () => {
	it('counts exactly with the real encodings', async () => {
		const service = createTokenCountService();
		expect(await service.count('o200k_base', ['hello world', ''])).toEqual([2, 0]);
		expect(await service.count('cl100k_base', ['hello world'])).toEqual([2]);
	});

	it('counts the estimate encoding without loading a tokenizer', async () => {
		const service = createTokenCountService();
		expect(await service.count('estimate', ['日本語', 'abcdefg'])).toEqual([estimateTokens('日本語'), estimateTokens('abcdefg')]);
	});

	it('counts special-token text as ordinary text instead of failing', async () => {
		const [tokens] = await createTokenCountService().count('o200k_base', ['hi <|endoftext|> there']);
		expect(tokens).toBeGreaterThan(3);
		expect(tokens).toBeLessThanOrEqual(tokenUpperBound('hi <|endoftext|> there'));
	});

	it('never counts more than the upper bound, and the estimate over-counts prose', async () => {
		const o200k = await loadCounter('o200k_base');
		const samples = ['The quick brown fox jumps over the lazy dog. '.repeat(20), '!@#$%^&*()_+{}|:"<>?', 'Grüße 世界 😀', '```ts\nconst x = 1;\n```'];
		for (const text of samples) expect(o200k(text)).toBeLessThanOrEqual(tokenUpperBound(text));
		expect(estimateTokens(samples[0]!)).toBeGreaterThanOrEqual(o200k(samples[0]!));
	});

	it('estimates a long unbroken run instead of running BPE over it', async () => {
		const o200k = await loadCounter('o200k_base');
		const run = 'y'.repeat(100_000);
		expect(o200k(`hello ${run} world`)).toBe(o200k('hello   world') + estimateTokens(run));
	});
});

async function sources(dir: string): Promise<string[]> {
	const entries = await readdir(dir, { withFileTypes: true });
	const nested = await Promise.all(
		entries.map((entry) => (entry.isDirectory() ? sources(join(dir, entry.name)) : [join(dir, entry.name)]))
	);
	return nested.flat().filter((file) => /\.(ts|svelte)$/.test(file) && !file.endsWith('.test.ts'));
}

describe('the tokenizer stays off the main thread', () => {
	it('is imported only by the token worker’s counting module', async () => {
		const importers: string[] = [];
		for (const file of await sources('src')) {
			if (/from\s+['"]gpt-tokenizer|import\(\s*['"]gpt-tokenizer/.test(await readFile(file, 'utf8'))) importers.push(relative('src', file));
		}
		expect(importers).toEqual(['lib/workers/tokens/counting.ts']);
	});
});
