/**
 * Syntax highlighting for fenced code: highlight.js core with a curated set of the
 * languages chat models actually emit. The full 190-language bundle would roughly
 * triple the worker's size for languages almost nobody asks about.
 */
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import csharp from 'highlight.js/lib/languages/csharp';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import dockerfile from 'highlight.js/lib/languages/dockerfile';
import go from 'highlight.js/lib/languages/go';
import ini from 'highlight.js/lib/languages/ini';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import kotlin from 'highlight.js/lib/languages/kotlin';
import latex from 'highlight.js/lib/languages/latex';
import lua from 'highlight.js/lib/languages/lua';
import makefile from 'highlight.js/lib/languages/makefile';
import markdown from 'highlight.js/lib/languages/markdown';
import php from 'highlight.js/lib/languages/php';
import plaintext from 'highlight.js/lib/languages/plaintext';
import python from 'highlight.js/lib/languages/python';
import r from 'highlight.js/lib/languages/r';
import ruby from 'highlight.js/lib/languages/ruby';
import rust from 'highlight.js/lib/languages/rust';
import scss from 'highlight.js/lib/languages/scss';
import shell from 'highlight.js/lib/languages/shell';
import sql from 'highlight.js/lib/languages/sql';
import swift from 'highlight.js/lib/languages/swift';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';
import { escapeHtml } from './escape.ts';

const languages = {
	bash,
	c,
	cpp,
	csharp,
	css,
	diff,
	dockerfile,
	go,
	ini,
	java,
	javascript,
	json,
	kotlin,
	latex,
	lua,
	makefile,
	markdown,
	php,
	plaintext,
	python,
	r,
	ruby,
	rust,
	scss,
	shell,
	sql,
	swift,
	typescript,
	xml,
	yaml
};
for (const [name, language] of Object.entries(languages)) hljs.registerLanguage(name, language);
// Common spellings the bundled language definitions do not alias themselves.
hljs.registerAliases(['toml'], { languageName: 'ini' });
hljs.registerAliases(['svelte', 'vue'], { languageName: 'xml' });
hljs.registerAliases(['text', 'txt'], { languageName: 'plaintext' });

/** The languages this build can highlight, for docs and tests. */
export const highlightedLanguages: readonly string[] = Object.freeze(hljs.listLanguages());

/**
 * Longer code is only escaped: highlighting runs at ~2 MB/s, and a pasted log of a few
 * megabytes would otherwise stall the worker for every other message.
 */
export const maxHighlightedChars = 100_000;

export interface HighlightedCode {
	/** HTML with hljs-* spans; the text content equals the input code exactly. */
	html: string;
	/** The highlight.js language used, or undefined when the code was only escaped. */
	language: string | undefined;
}

/**
 * Highlights `code` as `lang` when that language is registered; otherwise escapes it.
 * No auto-detection: it is costly per streamed token and makes colours flicker while
 * the block grows.
 */
export function highlightCode(code: string, lang: string | undefined): HighlightedCode {
	const language = lang ? hljs.getLanguage(lang) : undefined;
	if (!lang || !language || code.length > maxHighlightedChars) {
		return { html: escapeHtml(code), language: undefined };
	}
	const result = hljs.highlight(code, { language: lang, ignoreIllegals: true });
	return { html: result.value, language: result.language };
}
