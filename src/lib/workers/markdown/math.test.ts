import { describe, expect, it } from 'vitest';
import { renderTex } from './math.ts';
import { renderMarkdownToHtml } from './render.ts';

const tex = (html: string): string[] =>
	[...html.matchAll(/<annotation encoding="application\/x-tex">([^<]*)<\/annotation>/g)].map(
		(match) => match[1] ?? ''
	);

describe('math', () => {
	it('renders inline $…$ and \\(…\\)', () => {
		const html = renderMarkdownToHtml('Euler: $e^{i\\pi}+1=0$ and \\(a^2+b^2\\).');
		expect(tex(html)).toEqual(['e^{i\\pi}+1=0', 'a^2+b^2']);
		expect(html).not.toContain('katex-display');
	});

	it('renders display $$…$$ and \\[…\\] as blocks', () => {
		const html = renderMarkdownToHtml('$$\n\\int_0^1 x\\,dx\n$$\n\n\\[ \\frac12 \\]\n');
		expect(tex(html)).toEqual(['\\int_0^1 x\\,dx', '\\frac12']);
		expect(html.match(/<div class="md-math"><span class="katex-display">/g)).toHaveLength(2);
	});

	it('lets display math interrupt a paragraph', () => {
		const html = renderMarkdownToHtml('where\n$$\nE = mc^2\n$$\nand more');
		expect(html).toMatch(/^<p>where<\/p>\n<div class="md-math">/);
		expect(html).toContain('<p>and more</p>');
	});

	it('does not let an unclosed $$ cross a blank line', () => {
		const html = renderMarkdownToHtml('$$\nx\n\ny\n$$');
		expect(html).not.toContain('katex');
	});

	it('leaves prices, escaped dollars and code spans alone', () => {
		const html = renderMarkdownToHtml('It costs $5 and $10. Not \\$x\\$. Code: `$x$`.');
		expect(html).not.toContain('katex');
		expect(html).toContain('<code>$x$</code>');
		expect(renderMarkdownToHtml('From $10 to $20 a month')).not.toContain('katex');
		expect(tex(renderMarkdownToHtml('Here $2x+1$ and $x_1$.'))).toEqual(['2x+1', 'x_1']);
	});

	it('renders bad TeX as an error span instead of throwing', () => {
		const html = renderMarkdownToHtml('Broken $\\frac{1$ here and $\\undefinedmacro$.');
		expect(html).toContain('<span class="katex-error" title="ParseError: KaTeX parse error: Unexpected end');
		// KaTeX shows an unknown command in the error colour rather than failing the formula.
		expect(html).toContain('<span class="mord" style="color:#cc0000;">\\undefinedmacro</span>');
		expect(html).toContain('here and');
	});

	it('does not trust input: no links, classes or styles from TeX', () => {
		const html = renderTex('\\href{javascript:alert(1)}{x}\\url{javascript:alert(2)}\\htmlClass{evil}{y}\\htmlStyle{position:fixed}{z}', false);
		expect(html).not.toMatch(/<a[\s>]/);
		expect(html).not.toMatch(/style="[^"]*position:fixed/);
		expect(html).not.toMatch(/class="[^"]*evil/);
	});

	it('bounds sizes and macro expansion', () => {
		const rule = renderTex('\\rule{10000em}{10000em}', false);
		const sizes = [...rule.matchAll(/(?:height|width|border-right-width|border-top-width):([\d.]+)em/g)].map(
			(match) => Number(match[1])
		);
		expect(Math.max(...sizes)).toBeLessThanOrEqual(20);
		const bomb = renderTex('\\def\\a{\\a\\a}\\a', false);
		expect(bomb).toContain('katex-error');
	});
});
