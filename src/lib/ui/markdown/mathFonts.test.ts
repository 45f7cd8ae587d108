import { describe, expect, it, vi } from 'vitest';
import { renderMarkdownToHtml } from '../../workers/markdown/render.ts';
import { FONT_WAIT_MS, mathFontsFor, mathFontsReady } from './mathFonts.ts';

/** A FontFaceSet stand-in: `loaded` faces pass check(); load() resolves when the test says. */
function fakeFonts(loaded: string[] = []) {
	const asked: string[] = [];
	const pending: (() => void)[] = [];
	return {
		asked,
		finish: () => pending.splice(0).forEach((resolve) => resolve()),
		check: (font: string) => loaded.includes(font),
		load: (font: string) => {
			asked.push(font);
			return new Promise<void>((resolve) => pending.push(resolve));
		}
	};
}

describe('mathFontsFor', () => {
	it('names no font for HTML without math', () => {
		expect(mathFontsFor([renderMarkdownToHtml('Costs $10 to $20, **bold** `code`')])).toEqual([]);
	});

	it("names Main and Math italic for KaTeX's inline math", () => {
		const html = renderMarkdownToHtml('Inline math $e^{i\\pi} + 1 = 0$ here.');
		expect(mathFontsFor(['<p>plain</p>', html])).toEqual(['1em KaTeX_Main', 'italic 1em KaTeX_Math']);
	});

	it('names the faces the formula uses: blackboard bold, calligraphic, big operators', () => {
		const fonts = mathFontsFor([renderMarkdownToHtml('$$\\sum_{n \\in \\mathbb{N}} \\mathcal{F}_n$$')]);
		expect(fonts).toContain('1em KaTeX_AMS');
		expect(fonts).toContain('1em KaTeX_Caligraphic');
		expect(fonts.some((font) => /KaTeX_Size[12]/.test(font))).toBe(true);
	});
});

describe('mathFontsReady', () => {
	const math = renderMarkdownToHtml('$x + 1$');

	it('asks for nothing without math, or with its faces already loaded', () => {
		const fonts = fakeFonts(['1em KaTeX_Main', 'italic 1em KaTeX_Math']);
		expect(mathFontsReady(['<p>no math</p>'], fakeFonts())).toBeUndefined();
		expect(mathFontsReady([math], fonts)).toBeUndefined();
		expect(fonts.asked).toEqual([]);
	});

	it('resolves once the missing faces have loaded', async () => {
		const fonts = fakeFonts(['1em KaTeX_Main']);
		let ready = false;
		void mathFontsReady([math], fonts)?.then(() => (ready = true));
		expect(fonts.asked).toEqual(['italic 1em KaTeX_Math']);
		await Promise.resolve();
		expect(ready).toBe(false);
		fonts.finish();
		await vi.waitFor(() => expect(ready).toBe(true));
	});

	it('stops waiting after the browser’s block period when a face never arrives', async () => {
		vi.useFakeTimers();
		try {
			let ready = false;
			void mathFontsReady([math], fakeFonts())?.then(() => (ready = true));
			await vi.advanceTimersByTimeAsync(FONT_WAIT_MS - 1);
			expect(ready).toBe(false);
			await vi.advanceTimersByTimeAsync(1);
			expect(ready).toBe(true);
		} finally {
			vi.useRealTimers();
		}
	});
});
