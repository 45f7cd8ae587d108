import { describe, expect, it } from 'vitest';
import { highlightCode, highlightedLanguages, maxHighlightedChars } from './highlight.ts';

describe('highlightCode', () => {
	it('registers a curated set, not the whole bundle', () => {
		for (const name of ['typescript', 'javascript', 'python', 'bash', 'json', 'sql', 'rust', 'go', 'xml', 'yaml']) {
			expect(highlightedLanguages).toContain(name);
		}
		expect(highlightedLanguages.length).toBeLessThan(40);
	});

	it('highlights through aliases', () => {
		expect(highlightCode('def f(): pass', 'py').html).toContain('<span class="hljs-keyword">def</span>');
		expect(highlightCode('[a]\nb = 1', 'toml').html).toContain('<span class="hljs-section">[a]</span>');
		expect(highlightCode('<div></div>', 'html').html).toContain('hljs-tag');
	});

	it('escapes code in unknown or missing languages', () => {
		expect(highlightCode('<b>&</b>', 'cobol')).toEqual({ html: '&lt;b&gt;&amp;&lt;/b&gt;', language: undefined });
		expect(highlightCode('<b>', undefined).html).toBe('&lt;b&gt;');
	});

	it('only escapes code too long to highlight quickly', () => {
		const code = 'let x = 1;\n'.repeat(Math.ceil(maxHighlightedChars / 11) + 1);
		expect(highlightCode(code, 'js').language).toBeUndefined();
	});
});
