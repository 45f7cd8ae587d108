import { describe, expect, it } from 'vitest';
import { toWebLlmRequest } from '../../providers/webllmEvents.ts';
import { compileSchema, parseModelJson } from './jsonSchema.ts';
import { classificationRequest, DEFAULT_CATEGORIES, parseCategoriesInput, parseClassification, readCategories } from './prompts.ts';
import { SCHEMA_PRESETS } from './schemaPresets.ts';

describe('categories', () => {
	it('reads the answer as JSON or as a bare word, and nothing else', () => {
		const categories = [...DEFAULT_CATEGORIES];
		expect(parseClassification('{"category":"paper"}', categories)).toBe('paper');
		expect(parseClassification('```json\n{"category": "Code"}\n```', categories)).toBe('code');
		expect(parseClassification('Letter.', categories)).toBe('letter');
		expect(parseClassification('It is probably an invoice', categories)).toBeNull();
		expect(parseClassification('{"category": 3}', categories)).toBeNull();
	});

	it('parses what the user types and refuses too few, too many or too long', () => {
		expect(parseCategoriesInput(' Receipt, memo ,, receipt ')).toEqual(['receipt', 'memo']);
		expect(() => parseCategoriesInput('only')).toThrow(/at least two/);
		expect(() => parseCategoriesInput(Array.from({ length: 21 }, (_, i) => `c${i}`).join(','))).toThrow(/At most 20/);
		expect(() => parseCategoriesInput(`a, ${'x'.repeat(41)}`)).toThrow(/longer than 40/);
		expect(readCategories(['a', 7, ''])).toEqual(['a']);
		expect(readCategories('junk')).toEqual([...DEFAULT_CATEGORIES]);
	});

	it('asks for a category within a schema, and web-llm gets the schema as a string', () => {
		const request = classificationRequest('m', 'a.txt', 'x'.repeat(20_000), ['a', 'b']);
		expect(request.messages[1]?.content.length).toBeLessThan(12_100);
		expect(toWebLlmRequest(request).response_format).toEqual({ type: 'json_object', schema: JSON.stringify(request.responseFormat?.schema) });
	});
});

describe('schemas', () => {
	it('compiles every preset and draft-07 schemas too', async () => {
		for (const preset of SCHEMA_PRESETS) await expect(compileSchema(JSON.stringify(preset.schema))).resolves.toBeTruthy();
		const draft07 = await compileSchema(JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { a: { type: 'integer' } } }));
		expect(draft07.check({ a: 1 })).toEqual([]);
		expect(draft07.check({ a: 1.5 })).toEqual(['/a: must be integer']);
	});

	it('refuses empty and oversized schemas with a message', async () => {
		await expect(compileSchema('  ')).rejects.toThrow(/Write or pick/);
		await expect(compileSchema(`{"type": "object"}${' '.repeat(20_001)}`)).rejects.toThrow(/limit is 20000/);
		await expect(compileSchema('[1]')).rejects.toThrow(/must be a JSON object/);
	});

	it('reads fenced JSON and names bad JSON', () => {
		expect(parseModelJson('```json\n{"a": 1}\n```')).toEqual({ a: 1 });
		expect(() => parseModelJson('{a: 1}')).toThrow(/did not answer with valid JSON/);
	});
});
