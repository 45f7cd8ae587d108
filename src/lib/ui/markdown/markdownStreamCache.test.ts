import { afterEach, describe, expect, it } from 'vitest';
import type { ShownRender } from './markdownStream.ts';
import { clearRenders, maxChars, maxEntries, recallRender, rememberRender } from './markdownStreamCache.ts';

const render = (text: string, final = true): ShownRender => ({ text, final, blocks: [{ id: 'b0', html: `<p>${text}</p>` }], raw: [`<p>${text}</p>`] });

describe('markdown render cache', () => {
	afterEach(clearRenders);

	it('gives back the final render of the same text, and nothing for other text', () => {
		const shown = render('hello');
		rememberRender('m1', shown);
		expect(recallRender('m1', 'hello', false)).toBe(shown);
		expect(recallRender('m1', 'hello again', false)).toBeUndefined();
		expect(recallRender('m1', 'other', true)).toBeUndefined();
		expect(recallRender('m2', 'hello', false)).toBeUndefined();
	});

	it('gives a streaming render only to the same message still streaming from that text', () => {
		const partial = render('Once upon', false);
		rememberRender('m1', partial);
		expect(recallRender('m1', 'Once upon a time', true)).toBe(partial);
		expect(recallRender('m1', 'Once upon', false)).toBeUndefined();
		expect(recallRender('m1', 'Once upon a time', false)).toBeUndefined();
	});

	it('drops the least recently used message past its count', () => {
		for (let i = 0; i < maxEntries; i++) rememberRender(`m${i}`, render(`text ${i}`));
		expect(recallRender('m0', 'text 0', false)).toBeDefined();
		rememberRender('new', render('new'));
		// m0 was just used, so m1 went.
		expect(recallRender('m1', 'text 1', false)).toBeUndefined();
		expect(recallRender('m0', 'text 0', false)).toBeDefined();
		expect(recallRender('new', 'new', false)).toBeDefined();
	});

	it('keeps no more HTML than its size budget', () => {
		const big = 'x'.repeat(maxChars / 8);
		for (let i = 0; i < 4; i++) rememberRender(`m${i}`, render(`${big}${i}`));
		// Each entry counts its text, its blocks and their raw HTML: three copies, so at most two fit.
		expect(recallRender('m0', `${big}0`, false)).toBeUndefined();
		expect(recallRender('m3', `${big}3`, false)).toBeDefined();
		rememberRender('huge', render('y'.repeat(maxChars)));
		expect(recallRender('huge', 'y'.repeat(maxChars), false)).toBeUndefined();
	});
});
