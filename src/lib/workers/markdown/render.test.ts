import { describe, expect, it } from 'vitest';
import { renderMarkdown, renderMarkdownToHtml } from './render.ts';

/** Text content of an HTML fragment: tags dropped, the five entities decoded. */
function textOf(html: string): string {
	return html
		.replace(/<[^>]*>/g, '')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&#39;/g, "'")
		.replace(/&amp;/g, '&');
}

describe('GFM', () => {
	it('renders tables with alignment', () => {
		const html = renderMarkdownToHtml('| a | b |\n|:--|:-:|\n| 1 | ~~x~~ |\n');
		expect(html).toContain('<table>');
		expect(html).toContain('<th align="left">a</th>');
		expect(html).toContain('<td align="center"><del>x</del></td>');
	});

	it('renders task lists as disabled checkboxes', () => {
		const html = renderMarkdownToHtml('- [x] done\n- [ ] todo\n');
		expect(html).toContain('<input checked="" disabled="" type="checkbox"> done');
		expect(html).toContain('<input disabled="" type="checkbox"> todo');
	});

	it('autolinks bare URLs and www. hosts', () => {
		const html = renderMarkdownToHtml('see https://example.org/a?b=1 and www.example.com');
		expect(html).toContain('<a href="https://example.org/a?b=1"');
		expect(html).toContain('<a href="http://www.example.com/"');
	});

	it('splits a message into top-level blocks with ordinal ids, skipping blank space', () => {
		const blocks = renderMarkdown('# A\n\n\n\npara\n\n- x\n');
		expect(blocks.map((block) => block.id)).toEqual(['b0', 'b1', 'b2']);
		expect(blocks[0]?.html).toBe('<h1>A</h1>\n');
	});
});

describe('links and images', () => {
	it('opens links in a new tab without referrer or opener', () => {
		expect(renderMarkdownToHtml('[x](https://example.com "T")')).toBe(
			'<p><a href="https://example.com/" title="T" target="_blank" rel="noopener noreferrer nofollow">x</a></p>\n'
		);
	});

	it.each([
		'[x](javascript:alert(1))',
		'[x](JaVaScRiPt:alert(1))',
		'[x](javascript&#58;alert(1))',
		'[x](&#106;avascript:alert(1))',
		'[x](data:text/html,<script>alert(1)</script>)',
		'[x](vbscript:msgbox(1))',
		'[x](/relative/path)',
		'<javascript:alert(1)>'
	])('drops the URL of %s and keeps the text', (source) => {
		const html = renderMarkdownToHtml(source);
		expect(html).not.toContain('href');
		expect(html).not.toMatch(/<a[\s>]/);
	});

	it('does not load remote images: they become links', () => {
		const html = renderMarkdownToHtml('![a cat](https://evil.example/c.png?q=secret)');
		expect(html).not.toContain('<img');
		expect(html).toContain('<a class="md-image-link" href="https://evil.example/c.png?q=secret"');
		expect(html).toContain('>a cat</a>');
	});

	it('shows embedded raster images inline, and nothing for other data URLs', () => {
		expect(renderMarkdownToHtml('![dot](data:image/png;base64,iVBORw0KGgo=)')).toContain(
			'<img src="data:image/png;base64,iVBORw0KGgo=" alt="dot">'
		);
		const svg = renderMarkdownToHtml('![x](data:image/svg+xml;base64,PHN2Zz4=)');
		expect(svg).not.toContain('<img');
		expect(svg).not.toContain('href');
	});
});

describe('code blocks', () => {
	const code = 'const a = "<b>" && 1 < 2;\nconsole.log(a);';

	it('highlights with a header naming the language and a copy button', () => {
		const html = renderMarkdownToHtml('```ts\n' + code + '\n```\n');
		expect(html).toContain('<span class="md-code-lang">ts</span>');
		expect(html).toContain(
			'<button type="button" class="md-copy" data-md-copy="" aria-label="Copy code">Copy</button>'
		);
		expect(html).toContain('<code class="hljs language-ts">');
		expect(html).toContain('<span class="hljs-keyword">const</span>');
		// What the copy button copies is the code element's text: it must be the raw code.
		const inner = /<code[^>]*>([\s\S]*)<\/code>/.exec(html)?.[1] ?? '';
		expect(textOf(inner)).toBe(code);
	});

	it('escapes code in unregistered languages', () => {
		const html = renderMarkdownToHtml('```brainfuck\n<script>x</script>\n```');
		expect(html).toContain('<code class="hljs">&lt;script&gt;x&lt;/script&gt;</code>');
		expect(html).toContain('<span class="md-code-lang">brainfuck</span>');
	});

	it('never lets an info string reach an attribute or tag', () => {
		const html = renderMarkdownToHtml('```"><img src=x onerror=alert(1)>\nx\n```');
		expect(html).not.toContain('<img');
		expect(html).toContain('<span class="md-code-lang">text</span>');
	});
});

describe('raw HTML from the model', () => {
	it('is shown as text', () => {
		const html = renderMarkdownToHtml('<script>alert(1)</script>\n\nx <img src=x onerror=alert(1)> y');
		expect(html).not.toMatch(/<script|<img/);
		expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
		expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
	});

	it('keeps attribute-free formatting tags and drops comments', () => {
		const html = renderMarkdownToHtml('H<sub>2</sub>O <kbd>Ctrl</kbd> a<br/>b <!-- hidden -->');
		expect(html).toBe('<p>H<sub>2</sub>O <kbd>Ctrl</kbd> a<br />b </p>\n');
	});

	it('escapes text inside raw-text tags that marked would pass through', () => {
		const html = renderMarkdownToHtml('<kbd>a</kbd> <pre>x <a/href=javascript:alert(1)>y</pre>');
		expect(html).not.toContain('<a');
		expect(html).not.toContain('<pre');
	});

	it('keeps character references as characters', () => {
		expect(renderMarkdownToHtml('&copy; &#169; a < b & c')).toBe('<p>&copy; © a &lt; b &amp; c</p>\n');
	});
});
