import { describe, expect, it } from 'vitest';
import type { MessageNode } from '../conversationTree.ts';
import { csvField, csvRecord, toCsv } from './csv.ts';

/** A small RFC 4180 reader, to prove the output parses back to the same fields. */
function parseCsv(text: string): string[][] {
	const records: string[][] = [];
	let record: string[] = [];
	let field = '';
	let i = 0;
	let quoted = false;
	while (i < text.length) {
		const c = text[i] as string;
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') {
				field += '"';
				i += 2;
				continue;
			}
			if (c === '"') quoted = false;
			else field += c;
			i += 1;
			continue;
		}
		if (c === '"') quoted = true;
		else if (c === ',') {
			record.push(field);
			field = '';
		} else if (c === '\r' && text[i + 1] === '\n') {
			record.push(field);
			records.push(record);
			record = [];
			field = '';
			i += 1;
		} else field += c;
		i += 1;
	}
	return records;
}

const node = (id: string, content: string, extra: Partial<MessageNode> = {}): MessageNode => ({
	id,
	conversationId: 'c',
	parentId: null,
	role: 'user',
	content,
	status: 'complete',
	createdAt: Date.UTC(2024, 4, 1, 10, 0, 0),
	updatedAt: Date.UTC(2024, 4, 1, 10, 0, 0),
	...extra
});

describe('CSV export', () => {
	it('quotes only fields that need it and doubles inner quotes', () => {
		expect(csvField('plain')).toBe('plain');
		expect(csvField('a,b')).toBe('"a,b"');
		expect(csvField('say "hi"')).toBe('"say ""hi"""');
		expect(csvField('two\nlines')).toBe('"two\nlines"');
		expect(csvField('cr\rhere')).toBe('"cr\rhere"');
		expect(csvField('')).toBe('');
		expect(csvRecord(['a', 'b,c', ''])).toBe('a,"b,c",');
	});

	it('writes a header and one CRLF-terminated row per message that parses back exactly', () => {
		const tricky = 'He said "no", then:\r\nline two\nline three, with comma\n=SUM(A1)';
		const rows = [
			node('u1', tricky),
			node('a1', 'Fine.', { role: 'assistant', parentId: 'u1', model: 'edge::openai/gpt-4o-mini', reaction: 'up' })
		];
		const text = toCsv(rows);
		expect(text.endsWith('\r\n')).toBe(true);
		const parsed = parseCsv(text);
		expect(parsed).toHaveLength(3);
		expect(parsed[0]).toEqual(['index', 'role', 'model', 'created_at', 'status', 'reaction', 'id', 'parent_id', 'content', 'attachments', 'images']);
		expect(parsed[1]).toEqual(['1', 'user', '', '2024-05-01T10:00:00.000Z', 'complete', '', 'u1', '', tricky, '', '']);
		expect(parsed[2]).toEqual(['2', 'assistant', 'edge::openai/gpt-4o-mini', '2024-05-01T10:00:00.000Z', 'complete', 'up', 'a1', 'u1', 'Fine.', '', '']);
	});

	it('keeps non-ASCII text as it is', () => {
		const parsed = parseCsv(toCsv([node('u1', 'Größe 😀 日本語')]));
		expect(parsed[1]?.[8]).toBe('Größe 😀 日本語');
	});
});
