// Changing a conversation's pins, notes, highlights and context settings. Loaded with what
// changes them (MessageExtras, the Context panel), not with the thread (decision 0038); the
// write half of the store (db/notesWrite.ts) loads with the first change (decision 0022, round 4).
import type { ContextSummary } from '../../db/notes.ts';
import { OnUse } from '../../ui/onUse.svelte.ts';
import type { ConversationExtras } from './conversationExtras.svelte.ts';
import type { HighlightRange } from './highlightRanges.ts';

/** A failed load is tried again on the next change. */
const writes = new OnUse(() => import('../../db/notesWrite.ts'));
function loadWrites(): Promise<typeof import('../../db/notesWrite.ts')> {
	return writes.load().catch((error: unknown) => {
		throw new Error(`Could not load what saving notes needs (${error instanceof Error ? error.message : String(error)}). Check your connection and try again.`, { cause: error });
	});
}

const key = (extras: ConversationExtras, messageId: string) => ({ messageId, conversationId: extras.conversationId });

export async function togglePin(extras: ConversationExtras, messageId: string): Promise<void> {
	extras.put(await (await loadWrites()).setPinned(extras.db, key(extras, messageId), !extras.row(messageId)?.pinned));
}

export async function saveNote(extras: ConversationExtras, messageId: string, note: string): Promise<void> {
	extras.put(await (await loadWrites()).setNote(extras.db, key(extras, messageId), note));
}

export async function saveHighlights(extras: ConversationExtras, messageId: string, ranges: readonly HighlightRange[], textLength: number): Promise<void> {
	extras.put(await (await loadWrites()).setHighlights(extras.db, key(extras, messageId), ranges, textLength));
}

export async function setKeepLast(extras: ConversationExtras, keepLast: number | null): Promise<void> {
	extras.settings = await (await loadWrites()).setKeepLast(extras.db, extras.conversationId, keepLast);
}

export async function setSummary(extras: ConversationExtras, summary: ContextSummary | null): Promise<void> {
	extras.settings = await (await loadWrites()).saveSummary(extras.db, extras.conversationId, summary);
}
