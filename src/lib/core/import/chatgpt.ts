// ChatGPT's `conversations.json`: an array of conversations, each a `mapping` of nodes
// linked by `parent`/`children`, with `current_node` the leaf the user last saw.
import { newestLeafFrom, indexTree } from '../conversationTree.ts';
import type { ChatgptConversation, ChatgptNode } from '../../protocol/foreignExports.ts';
import { buildForeignTree, type ForeignNode } from './foreignTree.ts';
import { epochToMs, orderSiblings } from './treeCheck.ts';
import { ImportError, type ImportedConversation, type ImportPlan } from './types.ts';

interface Tally {
	dropped: number;
	images: number;
	empty: string[];
}

/** The text a node shows, or null when ChatGPT does not show it to the user either. */
function shownText(node: ChatgptNode, tally: Tally): { role: 'user' | 'assistant' | 'system'; text: string } | null {
	const message = node.message;
	if (!message) return null;
	const role = message.author.role;
	const toUser = message.recipient === undefined || message.recipient === 'all';
	const hidden = message.metadata?.is_visually_hidden_from_conversation === true;
	if ((role !== 'user' && role !== 'assistant' && role !== 'system') || !toUser || hidden) {
		// ChatGPT's own hidden system turns are in every conversation: not worth a warning.
		if (role !== 'system') tally.dropped += 1;
		return null;
	}
	const { content } = message;
	const pieces: string[] = [];
	if (content.content_type === 'text' || content.content_type === 'multimodal_text') {
		for (const part of content.parts ?? []) {
			if (typeof part === 'string') pieces.push(part);
			else if (part && typeof part === 'object' && (part as { content_type?: unknown }).content_type === 'image_asset_pointer') {
				tally.images += 1;
				pieces.push('[image not imported]');
			}
		}
	} else if (content.content_type === 'code' && content.text) {
		pieces.push('```\n' + content.text + '\n```');
	}
	const text = pieces.join('\n').trim();
	if (!text) {
		if (role !== 'system') tally.dropped += 1;
		return null;
	}
	return { role, text };
}

function toImported(raw: ChatgptConversation, index: number, tally: Tally, newId: () => string): ImportedConversation | null {
	const sourceId = (raw.conversation_id ?? raw.id) as string;
	const title = raw.title?.trim() || 'Imported ChatGPT chat';
	const where = `Conversation ${index + 1} (“${title}”)`;
	const conversationId = newId();
	const startedAt = raw.create_time != null ? epochToMs(raw.create_time) : Date.now();
	const nodes = new Map<string, ForeignNode>();
	const roots: string[] = [];
	let systemPrompt = '';
	for (const [key, node] of Object.entries(raw.mapping)) {
		const parent = node.parent ?? null;
		if (parent === null) roots.push(key);
		else if (!(parent in raw.mapping)) {
			throw new ImportError('invalid', `${where}: node "${key}" names parent "${parent}", which is not in its mapping.`);
		}
		const shown = shownText(node, tally);
		let kept: ForeignNode['kept'] = null;
		if (shown?.role === 'system') systemPrompt ||= shown.text;
		else if (shown) {
			kept = { role: shown.role, content: shown.text };
			if (node.message?.create_time != null) kept.createdAt = epochToMs(node.message.create_time);
			const slug = node.message?.metadata?.model_slug;
			if (shown.role === 'assistant' && slug) kept.model = `chatgpt::${slug}`;
		}
		nodes.set(key, { id: key, children: node.children, kept });
	}
	if (roots.length === 0 && nodes.size > 0) throw new ImportError('invalid', `${where}: its mapping has no root node (one whose parent is null).`);
	let built;
	try {
		built = buildForeignTree(roots, nodes, conversationId, startedAt, newId);
	} catch (error) {
		if (error instanceof ImportError) throw new ImportError('invalid', `${where}: ${error.message}.`);
		throw error;
	}
	if (built.standIn.size < nodes.size) {
		throw new ImportError('invalid', `${where}: some mapping nodes cannot be reached from the root (their children lists disagree with their parents).`);
	}
	const { messages } = built;
	if (messages.length === 0) {
		tally.empty.push(title);
		return null;
	}
	orderSiblings(messages);
	const shownLeaf = raw.current_node ? (built.standIn.get(raw.current_node) ?? null) : null;
	const tree = indexTree(messages);
	const currentLeafId = shownLeaf ? newestLeafFrom(tree, shownLeaf) : null;
	const lastTime = Math.max(...messages.map((m) => m.updatedAt));
	return {
		source: { format: 'chatgpt', id: sourceId },
		conversation: {
			id: conversationId,
			title,
			titleSource: 'user',
			systemPrompt,
			model: null,
			currentLeafId: currentLeafId ?? messages[messages.length - 1]?.id ?? null,
			createdAt: startedAt,
			updatedAt: raw.update_time != null ? epochToMs(raw.update_time) : lastTime,
			importedFrom: { format: 'chatgpt', id: sourceId }
		},
		messages
	};
}

export function fromChatgptExport(data: readonly ChatgptConversation[], newId: () => string = () => crypto.randomUUID()): ImportPlan {
	const tally: Tally = { dropped: 0, images: 0, empty: [] };
	const conversations = data
		.map((raw, index) => toImported(raw, index, tally, newId))
		.filter((c): c is ImportedConversation => c !== null);
	return { format: 'chatgpt', conversations, warnings: foreignWarnings(tally) };
}

export function foreignWarnings(tally: Tally): string[] {
	const warnings: string[] = [];
	const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
	if (tally.dropped > 0) {
		warnings.push(`${plural(tally.dropped, 'message')} left out: tool calls, tool output and hidden or empty turns.`);
	}
	if (tally.images > 0) warnings.push(`${plural(tally.images, 'attachment')} (images, files) left out: this version of Atrium imports text only.`);
	if (tally.empty.length > 0) {
		warnings.push(`${plural(tally.empty.length, 'conversation')} with nothing to show left out: ${tally.empty.map((t) => `“${t}”`).join(', ')}.`);
	}
	return warnings;
}

export type { Tally as ForeignTally };
