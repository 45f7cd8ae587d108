// Archive, restore and delete from the list, each with Undo. Archiving writes at once and
// Undo writes it back; deleting only hides the row until the undo window closes, then goes
// through Workspace.deleteConversation (which also stops a reply streaming into it).
import { SvelteSet } from 'svelte/reactivity';
import { goto } from '$app/navigation';
import { page } from '$app/state';
import type { Conversation } from '$lib/db/database.ts';
import { workspace } from '$lib/features/workspace.svelte.ts';
import { setArchived } from './conversationQueries.ts';
import { undoable } from './undoable.svelte.ts';

/** Conversations deleted but still inside their undo window: the list leaves them out. */
export const pendingDeletes = new SvelteSet<string>();

/** Leaves a conversation's page when it stops being in the list the user came from. */
async function leaveIfOpen(id: string): Promise<void> {
	if (page.params.id === id) await goto('/', { replaceState: true });
}

export async function archive(conversation: Conversation): Promise<void> {
	const { db } = workspace();
	await setArchived(db, conversation.id, true);
	await leaveIfOpen(conversation.id);
	await undoable().offer({
		message: `Archived “${conversation.title}”`,
		undo: () => setArchived(db, conversation.id, false)
	});
}

export async function restore(conversation: Conversation): Promise<void> {
	const { db } = workspace();
	await setArchived(db, conversation.id, false);
	await undoable().offer({
		message: `Restored “${conversation.title}”`,
		undo: () => setArchived(db, conversation.id, true)
	});
}

export async function remove(conversation: Conversation): Promise<void> {
	pendingDeletes.add(conversation.id);
	await leaveIfOpen(conversation.id);
	await undoable().offer({
		message: `Deleted “${conversation.title}”`,
		undo: () => void pendingDeletes.delete(conversation.id),
		commit: async () => {
			try {
				await workspace().deleteConversation(conversation.id);
			} finally {
				pendingDeletes.delete(conversation.id);
			}
		}
	});
}
