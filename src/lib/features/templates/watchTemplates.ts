// Custom templates as a live query: components see additions and deletions at once.
import { liveQuery } from 'dexie';
import type { AtriumDatabase } from '$lib/db/database.ts';
import { loadCustomTemplates } from '$lib/db/templates.ts';
import type { ConversationTemplate } from '$lib/protocol/templates.ts';

/** Calls `onchange` with the custom templates now and on every change; returns the stop function. */
export function watchCustomTemplates(db: AtriumDatabase, onchange: (templates: ConversationTemplate[]) => void): () => void {
	const subscription = liveQuery(() => loadCustomTemplates(db)).subscribe({ next: onchange, error: () => onchange([]) });
	return () => subscription.unsubscribe();
}
