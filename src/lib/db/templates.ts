// Custom conversation templates, kept as one settings row. A damaged row reads as none.
// The schema (classic zod) loads only to read or add some: most people have none, and the
// template picker is on the first screen (decision 0022).
import { Dexie } from 'dexie';
import type { ConversationTemplate } from '../protocol/templates.ts';
import type { AtriumDatabase } from './database.ts';

/** waitFor: a caller's transaction stays alive while the module arrives. */
const schemas = () => Dexie.waitFor(import('../protocol/templates.ts'));

export const TEMPLATES_KEY = 'templates';

export async function loadCustomTemplates(db: AtriumDatabase): Promise<ConversationTemplate[]> {
	const row = await db.settings.get(TEMPLATES_KEY);
	if (row === undefined) return [];
	const { customTemplatesSchema } = await schemas();
	const parsed = customTemplatesSchema.safeParse(row.value);
	return parsed.success ? parsed.data : [];
}

/** Adds a template; throws with the schema's message when a field is not acceptable. */
export async function addCustomTemplate(db: AtriumDatabase, fields: Omit<ConversationTemplate, 'id'>): Promise<ConversationTemplate> {
	const { templateSchema } = await schemas();
	const result = templateSchema.safeParse({ ...fields, id: crypto.randomUUID() });
	if (!result.success) throw new Error(result.error.issues[0]?.message ?? 'That template is not valid.');
	await db.transaction('rw', db.settings, async () => {
		const current = await loadCustomTemplates(db);
		await db.settings.put({ key: TEMPLATES_KEY, value: [...current, result.data] });
	});
	return result.data;
}

export async function deleteCustomTemplate(db: AtriumDatabase, id: string): Promise<void> {
	await db.transaction('rw', db.settings, async () => {
		const current = await loadCustomTemplates(db);
		await db.settings.put({ key: TEMPLATES_KEY, value: current.filter((t) => t.id !== id) });
	});
}
