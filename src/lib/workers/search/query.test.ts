import { describe, expect, it } from 'vitest';
import { parseQuery } from './query.ts';

describe('parseQuery', () => {
	it('splits words and quoted phrases', () => {
		const query = parseQuery('budget "quarterly revenue forecast" Q3');
		expect(query.words).toEqual(['budget', 'quarterly', 'revenue', 'forecast', 'q3']);
		expect(query.phrases).toEqual([' quarterly revenue forecast ']);
		expect([...query.exact]).toEqual(['quarterly', 'revenue', 'forecast']);
	});

	it('treats one quoted word as exact, not as a phrase', () => {
		const query = parseQuery('"kumquat"');
		expect(query.phrases).toEqual([]);
		expect(query.exact.has('kumquat')).toBe(true);
	});

	it('reads an unclosed quote as plain words while the user is still typing', () => {
		const query = parseQuery('"quarterly reve');
		expect(query.words).toEqual(['quarterly', 'reve']);
		expect(query.phrases).toEqual([]);
		expect(query.exact.size).toBe(0);
	});

	it('leaves out words too common to look up, unless one typed alone may grow into a word', () => {
		expect(parseQuery('the kumquat of Smyrna')).toMatchObject({ words: ['kumquat', 'smyrna'], ignored: ['the', 'of'] });
		expect(parseQuery('the')).toMatchObject({ words: ['the'], ignored: [] });
		expect(parseQuery('of')).toMatchObject({ words: [], ignored: ['of'] });
		expect(parseQuery('"the"')).toMatchObject({ words: [], ignored: ['the'] });
		const phrase = parseQuery('"revenue of the quarter"');
		expect(phrase.words).toEqual(['revenue', 'quarter']);
		expect(phrase.phrases).toEqual([' revenue of the quarter ']);
	});

	it('has no words for punctuation alone', () => {
		expect(parseQuery(' "" ?! ').words).toEqual([]);
	});
});
