import { describe, expect, it } from 'vitest';
import { bodyBlocks, layoutPdf, pdfSafeText, wrapText, A4, type MeasureText } from './pdfLayout.ts';

/** Every character half as wide as the font size is tall. */
const measure: MeasureText = (text, _font, size) => text.length * size * 0.5;

describe('PDF layout', () => {
	it('wraps at word boundaries and splits words longer than a line', () => {
		const width = (t: string) => t.length;
		expect(wrapText('the quick brown fox', 10, width)).toEqual(['the quick', 'brown fox']);
		expect(wrapText('abcdefghijklmnop', 5, width)).toEqual(['abcde', 'fghij', 'klmno', 'p']);
		expect(wrapText('', 5, width)).toEqual(['']);
		for (const line of wrapText('lorem ipsum dolor sit amet consectetur adipiscing elit', 12, width)) {
			expect(line.length).toBeLessThanOrEqual(12);
		}
	});

	it('sets fenced code apart in the monospaced font, without the fences', () => {
		expect(bodyBlocks('Run:\n```sh\nls -la\n```\nDone.')).toEqual([
			{ font: 'regular', lines: ['Run:'] },
			{ font: 'mono', lines: ['ls -la'] },
			{ font: 'regular', lines: ['Done.'] }
		]);
	});

	it('replaces characters the standard fonts cannot draw', () => {
		expect(pdfSafeText('Café “quoted” – 10 € 😀 日本')).toBe('Café “quoted” – 10 € ? ??');
		expect(pdfSafeText('a\tb')).toBe('a    b');
	});

	it('breaks pages, keeps every line inside the margins and each heading with its text', () => {
		const sections = Array.from({ length: 40 }, (_, i) => ({
			heading: i % 2 ? 'Assistant' : 'You',
			meta: '2024-05-01 10:00 UTC',
			body: `Message ${i}. ` + 'words '.repeat(60 + i * 3)
		}));
		const pages = layoutPdf({ title: 'Long conversation', subtitle: 'Exported', sections }, measure);
		expect(pages.length).toBeGreaterThan(3);
		for (const runs of pages) {
			expect(runs.length).toBeGreaterThan(0);
			for (const run of runs) {
				expect(run.y).toBeGreaterThan(A4.margin);
				expect(run.y).toBeLessThanOrEqual(A4.height - A4.margin);
				expect(measure(run.text, run.font, run.size)).toBeLessThanOrEqual(A4.width - 2 * A4.margin + 0.001);
			}
			// A heading is never the last line of a page.
			const last = runs[runs.length - 1];
			expect(last?.font).not.toBe('bold');
		}
		const all = pages.flat();
		expect(all[0]).toMatchObject({ text: 'Long conversation', font: 'bold', size: 18 });
		expect(all.filter((r) => r.font === 'bold' && r.size === 12)).toHaveLength(40);
		for (let i = 0; i < 40; i++) expect(all.some((r) => r.text.startsWith(`Message ${i}.`))).toBe(true);
	});
});
