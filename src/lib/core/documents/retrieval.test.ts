import { describe, expect, it } from 'vitest';
import { chunkPages } from './chunking.ts';
import { citationLabel, citationsFor, PassageIndex, tokenize, withPassages } from './retrieval.ts';

const filler = (seed: number) =>
	Array.from({ length: 25 }, (_, i) => `The committee reviewed routine item ${seed * 100 + i} without further comment.`).join(' ');

function indexOf(pages: { page: number; text: string }[], fileName = 'minutes.pdf', attachmentId = 'a1') {
	const index = new PassageIndex();
	index.add(chunkPages(pages, { conversationId: 'c', attachmentId, fileName }));
	return index;
}

describe('PassageIndex (BM25)', () => {
	const pages = [
		{ page: 1, text: `${filler(1)} The budget for the new library was approved.` },
		{ page: 2, text: `${filler(2)} The lighthouse keeper reported that the lamp uses 42 kilowatts of power.` },
		{ page: 3, text: `${filler(3)} Parking fees rise to four euros next spring.` }
	];

	it('ranks the passage that answers first, naming its page', () => {
		const index = indexOf(pages);
		const [top] = index.search('How much power does the lighthouse lamp use?');
		expect(top?.chunk.page).toBe(2);
		expect(top?.chunk.text).toContain('42 kilowatts');
		expect(index.search('parking fees')[0]?.chunk.page).toBe(3);
	});

	it('finds nothing for a question about something absent, or made only of common words', () => {
		const index = indexOf(pages);
		expect(index.search('zebra giraffe')).toEqual([]);
		expect(index.search('what is it about?')).toEqual([]);
	});

	it('tolerates a typo and a word prefix', () => {
		const index = indexOf(pages);
		expect(index.search('lighthose')[0]?.chunk.page).toBe(2);
		expect(index.search('kilowatt')[0]?.chunk.page).toBe(2);
	});

	it('drops weak matches and respects the limit', () => {
		const index = indexOf(pages);
		const all = index.search('committee reviewed routine item', 100, 0);
		expect(all.length).toBe(index.size);
		expect(index.search('committee reviewed routine item', 2, 0)).toHaveLength(2);
		const strong = index.search('lighthouse keeper', 10);
		expect(strong.every((p) => p.chunk.page === 2)).toBe(true);
	});

	it('adds a document once even when given its passages again', () => {
		const index = indexOf(pages);
		const before = index.size;
		index.add(chunkPages(pages, { conversationId: 'c', attachmentId: 'a1', fileName: 'minutes.pdf' }));
		expect(index.size).toBe(before);
	});
});

describe('citations', () => {
	it('one per file and page, in rank order, labelled', () => {
		const index = new PassageIndex();
		index.add(chunkPages([{ page: 4, text: 'Alpha beta gamma. '.repeat(200) }], { conversationId: 'c', attachmentId: 'x', fileName: 'a.pdf' }));
		index.add(chunkPages([{ page: null, text: 'gamma notes' }], { conversationId: 'c', attachmentId: 'y', fileName: 'notes.md' }));
		const citations = citationsFor(index.search('gamma', 10, 0));
		expect(citations.map(citationLabel).sort()).toEqual(['a.pdf, p. 4', 'notes.md']);
		expect(citations[0]?.excerpt.length).toBeLessThanOrEqual(200);
	});

	it('puts numbered excerpts with their sources before the question', () => {
		const index = indexOf([{ page: 7, text: 'The vault code is 9-1-4.' }], 'ops.pdf');
		const prompt = withPassages('What is the vault code?', index.search('vault code'));
		expect(prompt).toContain('[1] (ops.pdf, p. 7)\nThe vault code is 9-1-4.');
		expect(prompt.endsWith('Question: What is the vault code?')).toBe(true);
		expect(withPassages('Hi', [])).toBe('Hi');
	});

	it('tokenizes letters and digits in any script, without stop words', () => {
		expect(tokenize('The Zürich café, 2024: naïve!')).toEqual(['zürich', 'café', '2024', 'naïve']);
	});
});
