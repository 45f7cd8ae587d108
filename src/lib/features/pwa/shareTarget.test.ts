import { describe, expect, it } from 'vitest';
import { sharedFromSearch, sharedText } from './shareTarget.ts';

describe('sharedText', () => {
	it('joins title, text and link, each on its own paragraph', () => {
		expect(sharedText({ title: 'Rust 2024', text: 'Worth a read', url: 'https://example.com/a' })).toBe(
			'Rust 2024\n\nWorth a read\n\nhttps://example.com/a'
		);
	});

	it('does not repeat a link that apps already put inside the text', () => {
		expect(sharedText({ text: 'Look at this https://example.com/a', url: 'https://example.com/a' })).toBe(
			'Look at this https://example.com/a'
		);
	});

	it('drops a title the text already starts with, and empty or blank fields', () => {
		expect(sharedText({ title: 'Hello', text: 'Hello world', url: '' })).toBe('Hello world');
		expect(sharedText({ title: '  ', text: null, url: ' https://example.com ' })).toBe('https://example.com');
		expect(sharedText({})).toBe('');
	});

	it('keeps the text as shared, line breaks included', () => {
		expect(sharedText({ text: 'line one\nline two' })).toBe('line one\nline two');
	});

	it('reads the share target parameters from a query string', () => {
		const params = new URLSearchParams('title=T&text=Some%20text&url=https%3A%2F%2Fexample.com');
		expect(sharedFromSearch(params)).toEqual({ title: 'T', text: 'Some text', url: 'https://example.com' });
		expect(sharedText(sharedFromSearch(new URLSearchParams('')))).toBe('');
	});
});
