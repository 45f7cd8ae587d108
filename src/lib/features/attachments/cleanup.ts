// A conversation's files and passages go when the conversation goes, whoever deletes it
// (the user, an import, sync from another device): a Dexie hook on conversations.
// The storing code (passages, sync bookkeeping) loads with the first delete, not with the
// database that every page opens (decision 0030).
import type { AtriumDatabase } from '../../db/database.ts';

const hooked = new WeakSet<AtriumDatabase>();

/**
 * Call from the database's constructor. The hook is set once the database is open: tables
 * declared by later `version()` calls replace the table objects a hook would be set on.
 */
export function deleteFilesWithConversations(db: AtriumDatabase): void {
	db.on('ready', () => {
		if (hooked.has(db)) return;
		hooked.add(db);
		hookDeletes(db);
	});
}

function hookDeletes(db: AtriumDatabase): void {
	db.conversations.hook('deleting', (key, _conversation, transaction) => {
		// After the deleting transaction commits, in a transaction of its own: the deleting
		// one may not include the attachment tables.
		transaction.on('complete', () => {
			void import('./store.ts').then(({ deleteConversationFiles }) => deleteConversationFiles(db, String(key))).catch((error: unknown) => {
				// Closed meanwhile (the whole database deleted, as tests do): nothing left to delete.
				if (!db.isOpen()) return;
				console.error('Could not delete the files of a deleted conversation', error);
			});
		});
	});
}
