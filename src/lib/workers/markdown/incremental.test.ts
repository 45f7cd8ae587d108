import { describe, expect, it } from 'vitest';
import { createIncrementalRenderer } from './incremental.ts';
import type { IncrementalRenderer } from './incremental.ts';
import { joinBlocks, renderMarkdown } from './render.ts';
import { sampleDocuments, sampleMessage } from './sampleDocuments.ts';
import type { BlockPatch, RenderedBlock } from './types.ts';

/** Deterministic pseudo-random numbers in [0, 1), so failures reproduce. */
function seeded(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state * 1103515245 + 12345) & 0x7fffffff;
		return state / 0x80000000;
	};
}

/** What a client holding the previous blocks shows after applying `patch`. */
function applyPatch(blocks: RenderedBlock[], patch: BlockPatch): RenderedBlock[] {
	return blocks.slice(0, patch.changedFrom).concat(patch.blocks);
}

interface StreamResult {
	renderer: IncrementalRenderer;
	shown: RenderedBlock[];
}

/**
 * Streams `text` in chunks of 1..maxChunk characters, checking after every update that a
 * client applying patches shows what the renderer holds, that ids never move, and
 * calling `check` with the renderer.
 */
function stream(text: string, random: () => number, maxChunk: number, check?: (r: IncrementalRenderer) => void): StreamResult {
	const renderer = createIncrementalRenderer();
	let shown: RenderedBlock[] = [];
	for (let end = 0; end < text.length; ) {
		end = Math.min(text.length, end + 1 + Math.floor(random() * maxChunk));
		shown = applyPatch(shown, renderer.update(text.slice(0, end)));
		expect(shown).toEqual(renderer.blocks);
		shown.forEach((block, index) => expect(block.id).toBe(`b${index}`));
		check?.(renderer);
	}
	return { renderer, shown };
}

const collapse = (html: string): string => html.replace(/\s+/g, ' ').replace(/ ?([<>]) ?/g, '$1');

describe('incremental rendering', () => {
	it.each(sampleDocuments.map((doc) => [doc.name, doc] as const))(
		'ends equal to the full render after finish: %s',
		(_name, doc) => {
			const full = renderMarkdown(doc.text);
			for (let seed = 1; seed <= 24; seed++) {
				const { renderer, shown } = stream(doc.text, seeded(seed), seed % 4 === 0 ? 3 : 40);
				const final = applyPatch(shown, renderer.finish(doc.text));
				expect(final).toEqual(full);
			}
		}
	);

	it.each(sampleDocuments.filter((doc) => !doc.crossBlock).map((doc) => [doc.name, doc] as const))(
		'never freezes a block the full render disagrees with: %s',
		(_name, doc) => {
			const full = renderMarkdown(doc.text);
			for (let seed = 1; seed <= 24; seed++) {
				const { shown } = stream(doc.text, seeded(seed), seed % 4 === 0 ? 3 : 40, (renderer) => {
					const { frozenBlocks } = renderer.stats;
					expect(renderer.blocks.slice(0, frozenBlocks)).toEqual(full.slice(0, frozenBlocks));
				});
				// Without cross-block constructs, streaming alone already gets everything right.
				expect(joinBlocks(shown)).toBe(joinBlocks(full));
			}
		}
	);

	it('keeps frozen blocks right on random, hostile block sequences', () => {
		const lines = ['- a', '* c', '1. one', '2) two', '> quote', '# head', 'text *em* $x$', '', '', '```py', '~~~',
			'$$', '$$x^2$$', '\\[', '\\]', '| a | b |', '|---|---|', '  indented', '    code', '---', '===', '<div>',
			'#tag', '-', '1.', '  - nested', 'a | b'];
		for (let seed = 1; seed <= 1500; seed++) {
			const random = seeded(seed);
			const count = 3 + Math.floor(random() * 14);
			const text = Array.from({ length: count }, () => lines[Math.floor(random() * lines.length)]).join('\n');
			const full = renderMarkdown(text);
			const { renderer, shown } = stream(text, random, 6, (r) => {
				// marked keeps or drops a paragraph's inner indentation depending on the lines
				// after it in a few odd inputs; only whitespace, which HTML collapses, may differ.
				const frozen = r.blocks.slice(0, r.stats.frozenBlocks).map((b) => collapse(b.html));
				expect(frozen, JSON.stringify(text)).toEqual(full.slice(0, frozen.length).map((b) => collapse(b.html)));
			});
			expect(applyPatch(shown, renderer.finish(text))).toEqual(full);
		}
	}, 60_000); // 1,500 generated documents: CPU-bound, so a loaded CI machine needs time.

	it('keeps an unclosed fence open until it closes', () => {
		const renderer = createIncrementalRenderer();
		const open = '```js\nlet a = 1;\n\n# not a heading\n\nmore code\n\n';
		renderer.update(open);
		expect(renderer.stats.frozenBlocks).toBe(0);
		expect(renderer.blocks).toHaveLength(1);
		expect(renderer.blocks[0]?.html).toContain('# not a heading');
		renderer.update(open + '```\n\nAfter the code.\n\nNext');
		// The paragraph stays open too: until "Next" has two whole lines, it is undecided.
		expect(renderer.stats.frozenBlocks).toBe(1);
		expect(renderer.blocks.map((b) => b.html.slice(0, 20))).toEqual([
			'<div class="md-code"',
			'<p>After the code.</',
			'<p>Next</p>\n'
		]);
	});

	it('does not freeze a block while the next line could still join it', () => {
		const renderer = createIncrementalRenderer();
		renderer.update('A paragraph\n#');
		expect(renderer.stats.frozenBlocks).toBe(0);
		renderer.update('A paragraph\n#tag is text\n');
		expect(renderer.blocks).toEqual([{ id: 'b0', html: '<p>A paragraph\n#tag is text</p>\n' }]);
	});

	it('reports only the blocks that changed', () => {
		const renderer = createIncrementalRenderer();
		renderer.update('# Title\n\nFirst paragraph.\n\nSecond');
		const patch = renderer.update('# Title\n\nFirst paragraph.\n\nSecond paragraph');
		expect(patch).toEqual({ changedFrom: 2, blocks: [{ id: 'b2', html: '<p>Second paragraph</p>\n' }] });
		expect(renderer.update('# Title\n\nFirst paragraph.\n\nSecond paragraph')).toEqual({ changedFrom: 3, blocks: [] });
	});

	it('starts over when the text is not an extension of the previous one', () => {
		const renderer = createIncrementalRenderer();
		renderer.update('# One\n\nalpha\n\nbeta\n\ngamma');
		const patch = renderer.update('Something else');
		expect(patch.changedFrom).toBe(0);
		expect(renderer.blocks).toEqual(renderMarkdown('Something else'));
	});

	it('resolves reference links defined in frozen blocks while streaming', () => {
		const renderer = createIncrementalRenderer();
		renderer.update('[docs]: https://example.com/docs\n\nRead the [docs] now');
		expect(renderer.blocks.at(-1)?.html).toContain('<a href="https://example.com/docs"');
	});

	it('refuses updates after finish', () => {
		const renderer = createIncrementalRenderer();
		renderer.finish('done');
		expect(() => renderer.update('done!')).toThrow(/after finish/);
	});

	it('re-lexes about as much per token at the end of a 20 KB message as at its start', () => {
		const text = sampleMessage(20_000);
		const renderer = createIncrementalRenderer();
		const lexed: number[] = [];
		for (let end = 4; end < text.length + 4; end += 4) {
			renderer.update(text.slice(0, Math.min(end, text.length)));
			lexed.push(renderer.stats.lastLexedChars);
		}
		const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
		const first = mean(lexed.slice(0, 256));
		const last = mean(lexed.slice(-256));
		expect(last / first).toBeGreaterThan(0.5);
		expect(last / first).toBeLessThan(2);
		// Re-lexing the whole message would be ~19,500 characters per token here.
		expect(last).toBeLessThan(1_000);
		// Never more than the open block: the largest block in the sample is under 600 chars.
		expect(Math.max(...lexed)).toBeLessThan(600);
	});
});
