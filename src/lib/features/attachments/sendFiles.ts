// What a send needs from attachments, loaded only when the data has files (decision 0041):
// the message carries some, or the path to the question has some, or the conversation has
// searchable passages. A plain text message in a conversation without files never loads the
// attachment code (storage, passages, retrieval, the check against the model), so the send
// path that the composer's first focus loads is smaller by those modules.
import type { MessageNode } from '../../core/conversationTree.ts';
import type { Citation } from '../../core/documents/types.ts';
import type { AtriumDatabase } from '../../db/database.ts';
import type { ContextParts } from './context.ts';
import type { ReadyAttachment } from './types.ts';

type FilesModule = typeof import('./session.ts');

export interface SendFilesPart {
	/** Refuses images for a model that cannot see them; nothing loads when there are none. */
	refuseForModel(attachments: readonly ReadyAttachment[], vision: boolean, modelKey: string): Promise<void>;
	/** Stores the files with the message (all or nothing); without files, only the message. */
	storeWithMessage(
		db: AtriumDatabase,
		items: readonly ReadyAttachment[],
		owner: { conversationId: string; messageId: string },
		storeMessage: () => Promise<void>
	): Promise<void>;
	/** The files' parts of a reply's request and the citations; empty when the path and conversation have none. */
	filesContext(db: AtriumDatabase, path: readonly MessageNode[], vision: boolean): Promise<{ parts: ContextParts; citations: Citation[] }>;
}

/** `load` is the module's import; tests pass one that counts the loads. */
export function sendFilesPart(load: () => Promise<FilesModule> = () => import('./session.ts')): SendFilesPart {
	let module: Promise<FilesModule> | undefined;
	const files = (): Promise<FilesModule> => {
		module ??= load().catch((error: unknown) => {
			module = undefined;
			throw new Error(`Could not load what sending files needs (${error instanceof Error ? error.message : String(error)}). Check the connection and try again.`);
		});
		return module;
	};
	return {
		async refuseForModel(attachments, vision, modelKey) {
			if (attachments.length === 0) return;
			(await files()).refuseForModel(attachments, vision, modelKey);
		},
		async storeWithMessage(db, items, owner, storeMessage) {
			if (items.length === 0) return storeMessage();
			return (await files()).storeWithMessage(db, items, owner, storeMessage);
		},
		async filesContext(db, path, vision) {
			if (!(await hasFiles(db, path))) return { parts: new Map(), citations: [] };
			const { attachmentContext, readStoredPages, searchDocuments } = await files();
			return attachmentContext(path, { db, vision, search: searchDocuments, readPages: readStoredPages });
		}
	};
}

/** Whether a message on the path has files, or the question's conversation has passages to search. */
async function hasFiles(db: AtriumDatabase, path: readonly MessageNode[]): Promise<boolean> {
	if (path.some((node) => node.role === 'user' && (node.attachments?.length ?? 0) > 0)) return true;
	const question = path.findLast((node) => node.role === 'user');
	if (!question) return false;
	return (await db.documentChunks.where('conversationId').equals(question.conversationId).count()) > 0;
}
