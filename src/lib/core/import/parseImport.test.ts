import { describe, expect, it } from 'vitest';
import { importFixture } from '../../../../tests/fixtures/imports/load.ts';
import { parseImportText } from './parseImport.ts';
import { ImportError } from './types.ts';

function failure(text: string): ImportError {
	try {
		parseImportText(text);
	} catch (error) {
		if (error instanceof ImportError) return error;
		throw error;
	}
	throw new Error('expected the import to be refused');
}

describe('import files Atrium refuses', () => {
	it('says when the file is not JSON', () => {
		const error = failure(importFixture('truncated.json'));
		expect(error.code).toBe('not_json');
		expect(error.message).toMatch(/^The file is not valid JSON \(.+\)\. Choose the \.json file the export produced\.$/);
	});

	it('says which formats it reads when it recognises none', () => {
		const error = failure(importFixture('unknown-format.json'));
		expect(error.code).toBe('unknown_format');
		expect(error.message).toContain('Expected Atrium JSON');
		expect(failure('"just a string"').code).toBe('unknown_format');
		expect(failure('[1, 2]').code).toBe('unknown_format');
	});

	it('says when there is nothing to import', () => {
		expect(failure('[]').message).toBe('The file holds no conversations.');
		const hollow = [{ id: 'x', title: 'Empty', mapping: { r: { id: 'r', parent: null, children: [], message: null } } }];
		expect(failure(JSON.stringify(hollow)).message).toBe('The ChatGPT file holds no conversation with messages to import.');
	});

	it('refuses Atrium files from a newer version and damaged ones', () => {
		const newer = { format: 'atrium.conversations', version: 2, exportedAt: 0, conversations: [] };
		expect(failure(JSON.stringify(newer)).code).toBe('unsupported_version');
		const base = { format: 'atrium.conversations', version: 1, exportedAt: 0 };
		const conversation = {
			id: 'c', title: 'Bad', titleSource: 'user', systemPrompt: '', model: null, currentLeafId: null, createdAt: 0, updatedAt: 0
		};
		const badRole = { ...base, conversations: [{ ...conversation, messages: [{ id: 'm', parentId: null, role: 'robot', content: '', status: 'complete', createdAt: 0, updatedAt: 0 }] }] };
		expect(failure(JSON.stringify(badRole)).message).toMatch(/conversations\[0\]\.messages\[0\]\.role: Invalid option/);
		const orphan = { ...base, conversations: [{ ...conversation, messages: [{ id: 'm', parentId: 'nope', role: 'user', content: '', status: 'complete', createdAt: 0, updatedAt: 0 }] }] };
		expect(failure(JSON.stringify(orphan)).message).toBe('Conversation 1 (“Bad”): message "m" names parent "nope", which is not in the conversation.');
		const badLeaf = { ...base, conversations: [{ ...conversation, currentLeafId: 'zzz', messages: [] }] };
		expect(failure(JSON.stringify(badLeaf)).message).toBe('Conversation 1 (“Bad”): currentLeafId "zzz" is not one of its messages.');
	});
});
