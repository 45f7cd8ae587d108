import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILT_IN_TEMPLATES, isBuiltIn } from '../core/templates.ts';
import { AtriumDatabase } from './database.ts';
import { addCustomTemplate, deleteCustomTemplate, loadCustomTemplates, TEMPLATES_KEY } from './templates.ts';

let db: AtriumDatabase;
beforeEach(() => {
	db = new AtriumDatabase(`test-${crypto.randomUUID()}`);
});
afterEach(async () => {
	await db.delete();
});

describe('conversation templates', () => {
	it('ships code review, brainstorming and writing starters', () => {
		expect(BUILT_IN_TEMPLATES.map((t) => t.name)).toEqual(['Code review', 'Brainstorming', 'Writing help']);
		expect(BUILT_IN_TEMPLATES.every(isBuiltIn)).toBe(true);
		expect(BUILT_IN_TEMPLATES.every((t) => t.systemPrompt.length > 20)).toBe(true);
	});

	it('adds, lists and deletes custom templates', async () => {
		expect(await loadCustomTemplates(db)).toEqual([]);
		const a = await addCustomTemplate(db, { name: '  SQL tutor ', systemPrompt: 'Explain SQL.', starter: 'Explain this query: ' });
		const b = await addCustomTemplate(db, { name: 'Haiku', systemPrompt: '', starter: 'A haiku about ' });
		expect(a.name).toBe('SQL tutor');
		expect(isBuiltIn(a)).toBe(false);
		expect((await loadCustomTemplates(db)).map((t) => t.name)).toEqual(['SQL tutor', 'Haiku']);
		await deleteCustomTemplate(db, a.id);
		expect(await loadCustomTemplates(db)).toEqual([b]);
	});

	it('refuses a template without a name and reads a damaged row as none', async () => {
		await expect(addCustomTemplate(db, { name: '   ', systemPrompt: '', starter: '' })).rejects.toThrow('Give the template a name.');
		await db.settings.put({ key: TEMPLATES_KEY, value: [{ nonsense: true }] });
		expect(await loadCustomTemplates(db)).toEqual([]);
	});
});
