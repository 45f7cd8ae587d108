// What every importer produces: conversations ready to store, with where they came from.
import type { MessageNode } from '../conversationTree.ts';
import type { AttachmentRef } from '../documents/types.ts';
import type { ConversationRecord } from '../export/types.ts';

export type ImportFormat = 'atrium' | 'chatgpt' | 'openwebui';

export const FORMAT_LABELS: Record<ImportFormat, string> = {
	atrium: 'Atrium',
	chatgpt: 'ChatGPT',
	openwebui: 'Open WebUI'
};

export interface ImportedConversation {
	/** The conversation's id in the file, used to notice the same file imported twice. */
	source: { format: ImportFormat; id: string };
	conversation: ConversationRecord;
	messages: MessageNode[];
}

/** An image that came with the file (Atrium JSON's `blobs`), for the message that shows it. */
export interface ImportedFile {
	/** Ids as in the plan (before any renaming to avoid a collision). */
	conversationId: string;
	messageId: string;
	ref: AttachmentRef;
	bytes: Uint8Array<ArrayBuffer>;
}

export interface ImportPlan {
	format: ImportFormat;
	conversations: ImportedConversation[];
	/** Images to store with their messages (Atrium JSON exported with images). */
	files?: ImportedFile[];
	/** Things left out or changed on the way in, in words for the user. */
	warnings: string[];
}

export type ImportErrorCode = 'too_large' | 'not_json' | 'unknown_format' | 'unsupported_version' | 'invalid' | 'empty';

/** A file Atrium will not import, with a message that says what is wrong with it. */
export class ImportError extends Error {
	readonly code: ImportErrorCode;
	constructor(code: ImportErrorCode, message: string) {
		super(message);
		this.name = 'ImportError';
		this.code = code;
	}
}

export function countMessages(plan: Pick<ImportPlan, 'conversations'>): number {
	return plan.conversations.reduce((n, c) => n + c.messages.length, 0);
}
