// Open WebUI's chat export: an array of chat rows whose `chat.history.messages` map holds
// the tree (`parentId`, `childrenIds`) and `chat.history.currentId` the shown leaf. Older
// exports only have the linear `chat.messages` list.
import { indexTree, newestLeafFrom } from '../conversationTree.ts';
import type { OpenWebUIChatRow, OpenWebUIMessage } from '../../protocol/foreignExports.ts';
import { foreignWarnings, type ForeignTally } from './chatgpt.ts';
import { buildForeignTree, type ForeignNode } from './foreignTree.ts';
import { epochToMs, orderSiblings } from './treeCheck.ts';
import { ImportError, type ImportedConversation, type ImportPlan } from './types.ts';

/** The message map of a chat; a linear list without parents becomes a chain. */
function messageMap(row: OpenWebUIChatRow): Map<string, OpenWebUIMessage> {
	const map = new Map<string, OpenWebUIMessage>();
	if (row.chat.history) {
		for (const [key, message] of Object.entries(row.chat.history.messages)) map.set(key, message);
		return map;
	}
	let previous: string | null = null;
	for (const message of row.chat.messages ?? []) {
		map.set(message.id, message.parentId === undefined ? { ...message, parentId: previous } : message);
		previous = message.id;
	}
	return map;
}

function toImported(row: OpenWebUIChatRow, index: number, tally: ForeignTally, newId: () => string): ImportedConversation | null {
	const title = row.title?.trim() || row.chat.title?.trim() || 'Imported Open WebUI chat';
	const where = `Chat ${index + 1} (“${title}”)`;
	const source = messageMap(row);
	const startedAt =
		row.created_at != null ? epochToMs(row.created_at) : row.chat.timestamp != null ? epochToMs(row.chat.timestamp) : Date.now();
	const roots: string[] = [];
	const childrenOf = new Map<string, string[]>();
	for (const [key, message] of source) {
		const parent = message.parentId ?? null;
		if (parent === null) {
			roots.push(key);
			continue;
		}
		const parentMessage = source.get(parent);
		if (!parentMessage) throw new ImportError('invalid', `${where}: message "${key}" names parent "${parent}", which is not in the chat.`);
		childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), key]);
	}
	let systemPrompt = '';
	const nodes = new Map<string, ForeignNode>();
	for (const [key, message] of source) {
		// The parent's `childrenIds` give the branch order; children it forgot to list follow.
		const actual = childrenOf.get(key) ?? [];
		const listed = (message.childrenIds ?? []).filter((id) => actual.includes(id));
		const children = [...new Set([...listed, ...actual])];
		if (message.files && message.files.length > 0) tally.images += message.files.length;
		let kept: ForeignNode['kept'] = null;
		const content = message.content.trim() ? message.content : '';
		if (message.role === 'system') systemPrompt ||= content;
		else if ((message.role === 'user' || message.role === 'assistant') && content) {
			kept = { role: message.role, content };
			if (message.timestamp != null) kept.createdAt = epochToMs(message.timestamp);
			if (message.role === 'assistant' && message.model) kept.model = `openwebui::${message.model}`;
		} else {
			tally.dropped += 1;
		}
		nodes.set(key, { id: key, children, kept });
	}
	if (roots.length === 0 && nodes.size > 0) throw new ImportError('invalid', `${where}: no message starts the chat (every message has a parent).`);
	let built;
	try {
		built = buildForeignTree(roots, nodes, '', startedAt, newId);
	} catch (error) {
		if (error instanceof ImportError) throw new ImportError('invalid', `${where}: ${error.message}.`);
		throw error;
	}
	if (built.standIn.size < nodes.size) throw new ImportError('invalid', `${where}: some messages form a loop and cannot be reached from the first one.`);
	const conversationId = newId();
	const messages = built.messages.map((m) => ({ ...m, conversationId }));
	if (messages.length === 0) {
		tally.empty.push(title);
		return null;
	}
	orderSiblings(messages);
	const currentId = row.chat.history?.currentId;
	const shown = currentId ? (built.standIn.get(currentId) ?? null) : null;
	const lastTime = Math.max(...messages.map((m) => m.updatedAt));
	return {
		source: { format: 'openwebui', id: row.id },
		conversation: {
			id: conversationId,
			title,
			titleSource: 'user',
			systemPrompt,
			model: null,
			currentLeafId: shown ? newestLeafFrom(indexTree(messages), shown) : (messages[messages.length - 1]?.id ?? null),
			createdAt: startedAt,
			updatedAt: row.updated_at != null ? epochToMs(row.updated_at) : lastTime,
			importedFrom: { format: 'openwebui', id: row.id }
		},
		messages
	};
}

export function fromOpenWebUIExport(rows: readonly OpenWebUIChatRow[], newId: () => string = () => crypto.randomUUID()): ImportPlan {
	const tally: ForeignTally = { dropped: 0, images: 0, empty: [] };
	const conversations = rows
		.map((row, index) => toImported(row, index, tally, newId))
		.filter((c): c is ImportedConversation => c !== null);
	return { format: 'openwebui', conversations, warnings: foreignWarnings(tally) };
}
