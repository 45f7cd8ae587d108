// What the user added around one conversation's messages (pins, notes, highlights) and its
// context settings, loaded once and shared by every message of the thread and the budget.
// Changing them is notesChanges.ts, loaded with what changes them (decision 0038).
import { SvelteMap } from 'svelte/reactivity';
import type { AtriumDatabase } from '../../db/database.ts';
import { readConversationExtras, type ContextSettingsRow, type MessageNotesRow } from '../../db/notes.ts';

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
			// Usually taken from the conversation's own read as it opened (db/openConversation.ts).
			const { notes: rows, settings } = await readConversationExtras(this.db, this.conversationId);
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

	/** Ids of the pinned messages. */
	get pinned(): string[] {
		return [...this.rows.values()].filter((row) => row.pinned).map((row) => row.messageId);
	}

	row(messageId: string): MessageNotesRow | undefined {
		return this.rows.get(messageId);
	}

	/** Shows a row as stored (notesChanges.ts, after writing it). */
	put(row: MessageNotesRow): void {
		this.rows.set(row.messageId, row);
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
