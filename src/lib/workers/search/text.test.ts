import { describe, expect, it } from 'vitest';
import { indexTerms, normalizeTerm, phraseText, queryWords, tokenSpans } from './text.ts';

describe('search terms', () => {
	it('lower-cases words, drops accents, stop words and one-letter words, keeps numbers', () => {
		expect(indexTerms('Met Zoë by the Café, a 5 star place!')).toEqual(['met', 'zoe', 'cafe', '5', 'star', 'place']);
		expect(normalizeTerm('ÉCOLE')).toBe('ecole');
	});

	it('indexes compound words whole and by their parts', () => {
		expect(indexTerms('useDebouncedCallback')).toEqual(['usedebouncedcallback', 'use', 'debounced', 'callback']);
		expect(indexTerms('ERR_SOCKET_TIMEOUT_4471')).toEqual(['err_socket_timeout_4471', 'err', 'socket', 'timeout', '4471']);
		expect(indexTerms('HTTPServer gpt4')).toEqual(['httpserver', 'http', 'server', 'gpt4', 'gpt', '4']);
	});

	it('keeps offsets into the original text', () => {
		const text = 'Call fetchUser() now';
		expect(tokenSpans(text).map((s) => text.slice(s.start, s.end))).toEqual(['Call', 'fetchUser', 'fetch', 'User', 'now']);
	});

	it('reads a query as whole words, so the last can match a compound by prefix', () => {
		expect(queryWords('useDebounced hook')).toEqual(['usedebounced', 'hook']);
		expect(phraseText('Quarterly  revenue, forecast')).toBe(' quarterly revenue forecast ');
	});
});
