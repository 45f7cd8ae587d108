// A conversation's own fields, as stored, exported and imported. The database adds only
// bookkeeping (`messageCount`); the messages are a tree of `MessageNode`s.

export interface ConversationRecord {
	id: string;
	title: string;
	/** `fallback` until the model or the user names it; a user's rename is never overwritten. */
	titleSource: 'fallback' | 'auto' | 'user';
	systemPrompt: string;
	/** Model key (`connectionId::modelId`) used for the next reply. */
	model: string | null;
	/** Leaf of the visible path through the message tree. */
	currentLeafId: string | null;
	createdAt: number;
	updatedAt: number;
	/** Where an imported conversation came from, so importing the same file twice is noticed. */
	importedFrom?: { format: 'atrium' | 'chatgpt' | 'openwebui'; id: string };
}
