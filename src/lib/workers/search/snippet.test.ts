import { describe, expect, it } from 'vitest';
import { escapeHtml, snippet } from './snippet.ts';

/** Whatever markup a snippet has, once its <mark> tags are gone. */
const markupLeft = (html: string) => html.replace(/<\/?mark>/g, '').match(/[<>]/g) ?? [];

const XSS = [
	'<img src=x onerror=alert(1)>',
	'<script>alert(1)</script>',
	'"><svg onload=alert(1)>',
	"'><iframe src=javascript:alert(1)>",
	'<a href="javascript:alert(1)">click</a>',
	'&lt;script&gt; already escaped',
	'<mark onclick=alert(1)>mark</mark>',
	'</mark><script>alert(1)</script><mark>'
];

describe('snippet', () => {
	it('wraps every match in <mark>', () => {
		expect(snippet('The kumquat is a small citrus; kumquats are sour.', new Set(['kumquat', 'kumquats']))).toBe(
			'The <mark>kumquat</mark> is a small citrus; <mark>kumquats</mark> are sour.'
		);
	});

	it('escapes the text around and inside matches', () => {
		const html = snippet('<b>bold</b> & "alert" <script>alert(1)</script>', new Set(['alert', 'script']));
		expect(html).toBe(
			'&lt;b&gt;bold&lt;/b&gt; &amp; &quot;<mark>alert</mark>&quot; &lt;<mark>script</mark>&gt;<mark>alert</mark>(1)&lt;/<mark>script</mark>&gt;'
		);
	});

	it('never lets markup from a message through', () => {
		for (const payload of XSS) {
			for (const terms of [new Set<string>(), new Set(['alert', 'img', 'mark', 'script', 'svg', 'click'])]) {
				expect(markupLeft(snippet(`before ${payload} after`, terms)), payload).toEqual([]);
			}
		}
		expect(escapeHtml(`<>&"'`)).toBe('&lt;&gt;&amp;&quot;&#39;');
	});

	it('shows the part of a long text where the matches are, with ellipses', () => {
		const text = `${'lorem ipsum '.repeat(100)}the needle sits here ${'dolor sit '.repeat(100)}`;
		const html = snippet(text, new Set(['needle']), { length: 80, lead: 20 });
		expect(html.startsWith('…')).toBe(true);
		expect(html.endsWith('…')).toBe(true);
		expect(html).toContain('the <mark>needle</mark> sits here');
		expect(html.replace(/<\/?mark>|…/g, '').length).toBeLessThanOrEqual(80);
	});

	it('prefers the window with the most different matches', () => {
		const text = `alpha ${'filler '.repeat(60)}alpha beta gamma ${'filler '.repeat(60)}`;
		expect(snippet(text, new Set(['alpha', 'beta', 'gamma']), { length: 60 })).toContain('<mark>alpha</mark> <mark>beta</mark> <mark>gamma</mark>');
	});

	it('marks a compound word once, or only the part that matched', () => {
		expect(snippet('call useDebouncedCallback now', new Set(['usedebouncedcallback', 'debounced']))).toBe('call <mark>useDebouncedCallback</mark> now');
		expect(snippet('call useDebouncedCallback now', new Set(['debounced']))).toBe('call use<mark>Debounced</mark>Callback now');
	});

	it('marks a phrase as a whole, common words included', () => {
		const text = 'The revenue of the quarter was flat; revenue and the quarter, again.';
		expect(snippet(text, new Set(['revenue', 'quarter']), { phrases: [' revenue of the quarter '] })).toBe(
			'The <mark>revenue of the quarter</mark> was flat; <mark>revenue</mark> and the <mark>quarter</mark>, again.'
		);
	});

	it('starts at the beginning when nothing matches, and folds whitespace', () => {
		expect(snippet('first line\n\n```ts\n\tcode()\n```', new Set())).toBe('first line ```ts code() ```');
	});
});
