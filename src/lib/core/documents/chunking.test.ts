import { describe, expect, it } from 'vitest';
import { chunkPages, normalizeText } from './chunking.ts';

const doc = { conversationId: 'c1', attachmentId: 'a1', fileName: 'report.pdf' };
const sentence = (n: number) => `Sentence number ${n} talks about topic ${n}. `;

describe('chunkPages', () => {
	it('keeps every passage on one page, with its page number', () => {
		const pages = [1, 2, 3].map((page) => ({ page, text: Array.from({ length: 40 }, (_, i) => sentence(page * 100 + i)).join('') }));
		const chunks = chunkPages(pages, doc, { targetChars: 400, overlapChars: 80 });
		expect(chunks.length).toBeGreaterThan(6);
		for (const chunk of chunks) {
			expect(chunk.text.length).toBeLessThanOrEqual(400 + 80);
			const numbers = [...chunk.text.matchAll(/number (\d+)/g)].map((m) => Math.floor(Number(m[1]) / 100));
			expect(new Set(numbers)).toEqual(new Set([chunk.page]));
		}
		expect(new Set(chunks.map((c) => c.page))).toEqual(new Set([1, 2, 3]));
		expect(chunks.map((c) => c.index)).toEqual(chunks.map((_, i) => i));
		expect(chunks[0]).toMatchObject({ id: 'a1:0', conversationId: 'c1', attachmentId: 'a1', fileName: 'report.pdf' });
	});

	it('loses no text: every sentence appears in some passage, neighbours overlap', () => {
		const text = Array.from({ length: 60 }, (_, i) => sentence(i)).join('');
		const chunks = chunkPages([{ page: 1, text }], doc, { targetChars: 300, overlapChars: 60 });
		for (let i = 0; i < 60; i++) expect(chunks.some((c) => c.text.includes(`number ${i} talks`))).toBe(true);
		// The next passage starts with the end of the one before it.
		for (let i = 1; i < chunks.length; i++) {
			const start = (chunks[i]?.text ?? '').slice(0, 20);
			expect(chunks[i - 1]?.text.slice(-80)).toContain(start);
		}
	});

	it('cuts a long run without sentence ends (code, tables) and skips empty pages', () => {
		const chunks = chunkPages(
			[
				{ page: 1, text: 'x'.repeat(2500) },
				{ page: 2, text: '   \n\n ' },
				{ page: 3, text: 'Short page.' }
			],
			doc,
			{ targetChars: 1000, overlapChars: 0 }
		);
		expect(chunks.filter((c) => c.page === 1).map((c) => c.text.length)).toEqual([1000, 1000, 500]);
		expect(chunks.some((c) => c.page === 2)).toBe(false);
		expect(chunks.at(-1)).toMatchObject({ page: 3, text: 'Short page.' });
	});

	it('keeps a text file (page null) as one document', () => {
		expect(chunkPages([{ page: null, text: 'const a = 1;\nconst b = 2;' }], doc)).toEqual([
			expect.objectContaining({ page: null, text: 'const a = 1;\nconst b = 2;' })
		]);
	});
});

describe('normalizeText', () => {
	it('collapses runs of spaces and blank lines, unifies line ends', () => {
		expect(normalizeText('a  \t b\r\n\r\n\r\n\r\nc\u00a0d ')).toBe('a b\n\nc d');
	});
});
