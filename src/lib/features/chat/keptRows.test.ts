import { describe, expect, it } from 'vitest';
import { RowsKeptAboveReply } from './keptRows.ts';

describe('rows kept above a streaming reply', () => {
	it('keeps nothing before a reply streams', () => {
		const kept = new RowsKeptAboveReply();
		expect(kept.rows(500, false)).toBeUndefined();
	});

	it('keeps the two rows above the streaming last row', () => {
		const kept = new RowsKeptAboveReply();
		expect(kept.rows(502, true)).toEqual([499, 500]);
	});

	it('keeps them after the reply ends, until the thread changes length', () => {
		const kept = new RowsKeptAboveReply();
		kept.rows(502, true);
		expect(kept.rows(502, false)).toEqual([499, 500]);
		expect(kept.rows(504, false)).toBeUndefined();
		expect(kept.rows(502, false)).toBeUndefined();
	});

	it('follows the next reply', () => {
		const kept = new RowsKeptAboveReply();
		kept.rows(502, true);
		expect(kept.rows(504, true)).toEqual([501, 502]);
	});

	it('keeps what exists in a short thread', () => {
		const kept = new RowsKeptAboveReply();
		expect(kept.rows(2, true)).toEqual([0]);
		expect(kept.rows(1, true)).toEqual([]);
	});
});
