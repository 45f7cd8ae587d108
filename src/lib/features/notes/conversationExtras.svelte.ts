// What the user added around one conversation's messages (pins, notes, highlights) and its
// context settings, loaded once and shared by every message of the thread and the budget.
// Changes go through db/notesWrite.ts, loaded with the first one (decision 0022, round 4).
import { SvelteMap } from 'svelte/reactivity';
import type { AtriumDatabase } from '../../db/database.ts';
import { getContextSettings, loadNotes, type ContextSettingsRow, type ContextSummary, type MessageNotesRow } from '../../db/notes.ts';
import { OnUse } from '../../ui/onUse.svelte.ts';
import type { HighlightRange } from './highlightRanges.ts';

/** The write half of the notes store; a failed load is tried again on the next change. */
const writes = new OnUse(() => import('../../db/notesWrite.ts'));
function loadWrites(): Promise<typeof import('../../db/notesWrite.ts')> {
	return writes.load().catch((error: unknown) => {
		throw new Error(`Could not load what saving notes needs (${error instanceof Error ? error.message : String(error)}). Check your connection and try again.`, { cause: error });
	});
}

export class ConversationExtras {
	readonly conversationId: string;
	loaded = $state(false);
	/** Why loading failed, in words for the user. */
	error = $state<string | null>(null);
	readonly rows = new SvelteMap<string, MessageNotesRow>();
	settings = $state.raw<ContextSettingsRow>({ conversationId: '', keepLast: null });
	readonly db: AtriumDatabase;

	constructor(db: AtriumDatabase, conversationId: string) {
		this.db = db;
		this.conversationId = conversationId;
		this.settings = { conversationId, keepLast: null };
	}

	async load(): Promise<void> {
		try {
			const [rows, settings] = await Promise.all([loadNotes(this.db, this.conversationId), getContextSettings(this.db, this.conversationId)]);
			this.rows.clear();
			for (const row of rows) this.rows.set(row.messageId, row);
			this.settings = settings;
			this.error = null;
		} catch (error) {
			this.error = `Notes could not be loaded: ${error instanceof Error ? error.message : String(error)}`;
		} finally {
			this.loaded = true;
		}
	}

	/** Whether any message has a note or highlights (what the thread loads their parts for). */
	get annotated(): boolean {
		for (const row of this.rows.values()) if (row.note || row.highlights?.length) return true;
		return false;
	}

	/** Ids of the pinned messages. */
	get pinned(): string[] {
		return [...this.rows.values()].filter((row) => row.pinned).map((row) => row.messageId);
	}

	row(messageId: string): MessageNotesRow | undefined {
		return this.rows.get(messageId);
	}

	#put(row: MessageNotesRow): void {
		this.rows.set(row.messageId, row);
	}

	#key(messageId: string) {
		return { messageId, conversationId: this.conversationId };
	}

	async togglePin(messageId: string): Promise<void> {
		this.#put(await (await loadWrites()).setPinned(this.db, this.#key(messageId), !this.row(messageId)?.pinned));
	}

	async saveNote(messageId: string, note: string): Promise<void> {
		this.#put(await (await loadWrites()).setNote(this.db, this.#key(messageId), note));
	}

	async saveHighlights(messageId: string, ranges: readonly HighlightRange[], textLength: number): Promise<void> {
		this.#put(await (await loadWrites()).setHighlights(this.db, this.#key(messageId), ranges, textLength));
	}

	async setKeepLast(keepLast: number | null): Promise<void> {
		this.settings = await (await loadWrites()).setKeepLast(this.db, this.conversationId, keepLast);
	}

	async setSummary(summary: ContextSummary | null): Promise<void> {
		this.settings = await (await loadWrites()).saveSummary(this.db, this.conversationId, summary);
	}
}

// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a cache of loaded conversations, not state
const open = new Map<string, ConversationExtras>();

/** The extras of a conversation, loading on first use (kept for the few most recent). */
export function conversationExtras(db: AtriumDatabase, conversationId: string): ConversationExtras {
	let extras = open.get(conversationId);
	if (!extras) {
		extras = new ConversationExtras(db, conversationId);
		void extras.load();
		if (open.size >= 20) open.delete(open.keys().next().value!);
		open.set(conversationId, extras);
	}
	return extras;
}
