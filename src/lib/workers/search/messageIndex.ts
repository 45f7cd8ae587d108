// The full-text index over messages and conversation titles (MiniSearch, see decision
// 0003), with what filters need kept beside it. Pure: no database, no worker; the
// service feeds it and stores it.
import MiniSearch, { type Options, type SearchOptions } from 'minisearch';
import type { MessageNode, MessageStatus } from '../../core/conversationTree.ts';
import type { ConversationTags } from './autoTags.ts';
import { attachmentBits, passes, type ConversationMeta, type DocMeta, type DocRole, type SearchFilters } from './docFilter.ts';
import type { ParsedQuery } from './query.ts';
import { indexTerms } from './text.ts';

export { ATTACHMENT_BITS, CATEGORY_PREFIX, type ConversationMeta, type DocMeta, type DocRole, type SearchFilters } from './docFilter.ts';

/** Words in more than this share of messages say little about what a conversation is about. */
const COMMON_SHARE = 0.05;

/** Bump when tokenizing or the stored shape changes: older snapshots are rebuilt. */
export const INDEX_FORMAT = 2;

export interface Candidate {
	/** Message id, or `titleDocId(conversationId)` for a title. */
	id: string;
	score: number;
	/** Index terms that matched, for highlighting. */
	terms: string[];
	meta: DocMeta;
}

interface IndexedDoc {
	id: string;
	text: string;
}

const TITLE_PREFIX = 't:';
export const titleDocId = (conversationId: string): string => TITLE_PREFIX + conversationId;
export const isTitleDoc = (id: string): boolean => id.startsWith(TITLE_PREFIX);

const OPTIONS: Options<IndexedDoc> = {
	fields: ['text'],
	tokenize: indexTerms,
	// Terms come out of `indexTerms` and `parseQuery` already normalized.
	processTerm: (term) => term,
	searchOptions: { tokenize: (text) => text.split(' '), processTerm: (term) => term }
};

/** Prefix search needs a few letters: "ab" would expand to thousands of terms. */
const MIN_PREFIX = 3;
/** Typo tolerance starts at four letters; a 0.25 edit ratio allows two edits from six. */
const MIN_FUZZY = 4;
const FUZZY = 0.25;
/** Fewer exact hits than this and the query is retried with typo tolerance. */
const FUZZY_BELOW = 5;

type DocTuple = [id: string, conversationId: string, role: DocRole, model: string | null, createdAt: number, updatedAt: number, status: MessageStatus, attachments: number];

interface Snapshot {
	format: number;
	mini: unknown;
	docs: DocTuple[];
	conversations: ConversationMeta[];
	pending: string[];
}

/** Content worth indexing: settled and non-empty. A streaming node waits until it is done. */
const indexable = (node: MessageNode): boolean => node.status !== 'streaming' && node.content.trim().length > 0;

export class MessageIndex {
	#mini: MiniSearch<IndexedDoc>;
	readonly #docs = new Map<string, DocMeta>();
	readonly #conversations = new Map<string, ConversationMeta>();
	readonly #byConversation = new Map<string, Set<string>>();
	/** Messages seen but not indexed yet (streaming): checked again on the next start. */
	readonly #pending = new Set<string>();

	constructor(mini?: MiniSearch<IndexedDoc>) {
		this.#mini = mini ?? new MiniSearch(OPTIONS);
	}

	/** Messages indexed. */
	get messageCount(): number {
		return this.#docs.size - this.#conversations.size;
	}

	/** Adds, updates or (when it is streaming or empty) sets aside one message. */
	putMessage(node: MessageNode): void {
		if (!indexable(node)) {
			this.removeMessage(node.id);
			if (node.status === 'streaming') this.#pending.add(node.id);
			return;
		}
		this.#pending.delete(node.id);
		const known = this.#docs.get(node.id);
		if (known && known.updatedAt === node.updatedAt && known.status === node.status) return;
		this.#put(node.id, node.content, {
			conversationId: node.conversationId,
			role: node.role,
			model: node.model ?? null,
			createdAt: node.createdAt,
			updatedAt: node.updatedAt,
			status: node.status,
			attachments: attachmentBits(node)
		});
	}

	removeMessage(id: string): void {
		this.#pending.delete(id);
		const meta = this.#docs.get(id);
		if (!meta) return;
		this.#mini.discard(id);
		this.#docs.delete(id);
		this.#byConversation.get(meta.conversationId)?.delete(id);
	}

	/** Adds or updates a conversation: its title is searchable, its model filters by. */
	putConversation(conversation: ConversationMeta): void {
		const known = this.#conversations.get(conversation.id);
		const meta: ConversationMeta = {
			id: conversation.id,
			title: conversation.title,
			model: conversation.model,
			updatedAt: conversation.updatedAt,
			tags: conversation.tags?.length ? conversation.tags : undefined,
			auto: conversation.auto ?? known?.auto
		};
		this.#conversations.set(conversation.id, meta);
		if (known?.title === conversation.title && this.#docs.has(titleDocId(conversation.id))) return;
		this.#put(titleDocId(conversation.id), conversation.title, {
			conversationId: conversation.id,
			role: 'title',
			model: null,
			createdAt: conversation.updatedAt,
			updatedAt: conversation.updatedAt,
			status: 'complete',
			attachments: 0
		});
	}

	/** Forgets a conversation, its title and every message of it. */
	removeConversation(id: string): void {
		for (const messageId of [...(this.#byConversation.get(id) ?? [])]) this.removeMessage(messageId);
		this.#byConversation.delete(id);
		this.#conversations.delete(id);
	}

	conversation(id: string): ConversationMeta | undefined {
		return this.#conversations.get(id);
	}

	conversationIds(): string[] {
		return [...this.#conversations.keys()];
	}

	/** Ids of every message the index has seen: indexed or waiting to be. */
	messageIds(): string[] {
		return [...this.#docs.keys()].filter((id) => !isTitleDoc(id)).concat([...this.#pending]);
	}

	/**
	 * Messages whose text may still change: streaming when last seen, or stopped short
	 * (interrupted, aborted, failed) and so open to Continue. A settled message never
	 * changes, so these are all a restart has to look at again.
	 */
	unsettledIds(): string[] {
		const ids = [...this.#pending];
		for (const [id, meta] of this.#docs) if (meta.status !== 'complete') ids.push(id);
		return ids;
	}

	meta(id: string): DocMeta | undefined {
		return this.#docs.get(id);
	}

	/** Messages indexed for a conversation. */
	messagesOf(conversationId: string): string[] {
		return [...(this.#byConversation.get(conversationId) ?? [])].filter((id) => !isTitleDoc(id));
	}

	/** Sets a conversation's automatic tags (kept in the snapshot with it). */
	setAutoTags(conversationId: string, auto: ConversationTags): void {
		const conversation = this.#conversations.get(conversationId);
		if (conversation) conversation.auto = auto;
	}

	/** Indexed messages containing `term` (exactly), for how rare a word is. */
	documentFrequency(term: string): number {
		return this.#mini.search(term, { prefix: false, fuzzy: false, filter: (result) => !isTitleDoc(result.id as string) }).length;
	}

	/** Every tag in use, and every category, each sorted. */
	tags(): { tags: string[]; categories: string[] } {
		const tags = new Set<string>();
		const categories = new Set<string>();
		for (const conversation of this.#conversations.values()) {
			for (const tag of conversation.tags ?? []) tags.add(tag);
			for (const tag of conversation.auto?.tags ?? []) tags.add(tag);
			if (conversation.auto?.category) categories.add(conversation.auto.category);
		}
		return { tags: [...tags].sort(), categories: [...categories].sort() };
	}

	/**
	 * Conversations that share the rare words of this one's tags and title (BM25 over its
	 * messages, summed per conversation): related conversations when no embeddings exist.
	 */
	relatedConversations(conversationId: string, limit = 5): { conversationId: string; score: number }[] {
		const conversation = this.#conversations.get(conversationId);
		if (!conversation) return [];
		const total = this.messageCount;
		const terms = new Set([...(conversation.auto?.tags ?? []), ...(conversation.tags ?? []), ...indexTerms(conversation.title)]);
		const rare = [...terms].filter((term) => total < 20 || this.documentFrequency(term) <= total * COMMON_SHARE);
		if (rare.length === 0) return [];
		const scores = new Map<string, number>();
		for (const result of this.#mini.search(rare.join(' '), { combineWith: 'OR', prefix: false, fuzzy: false })) {
			const meta = this.#docs.get(result.id as string);
			if (!meta || meta.role === 'title' || meta.conversationId === conversationId) continue;
			scores.set(meta.conversationId, (scores.get(meta.conversationId) ?? 0) + result.score);
		}
		return [...scores]
			.map(([id, score]) => ({ conversationId: id, score }))
			.sort((a, b) => b.score - a.score)
			.slice(0, limit);
	}

	/**
	 * Candidates for documents found some other way (semantic search), in the order given,
	 * less those unknown to the index or outside `filters`.
	 */
	candidatesFor(ids: readonly string[], scores: readonly number[], filters: SearchFilters = {}): Candidate[] {
		const candidates: Candidate[] = [];
		ids.forEach((id, i) => {
			const meta = this.#docs.get(id);
			if (meta && this.#passes(id, filters)) candidates.push({ id, score: scores[i] ?? 0, terms: [], meta });
		});
		return candidates;
	}

	/** The model keys that filtering can choose from, sorted. */
	models(): string[] {
		const models = new Set<string>();
		for (const meta of this.#docs.values()) if (meta.model) models.add(meta.model);
		for (const conversation of this.#conversations.values()) if (conversation.model) models.add(conversation.model);
		return [...models].sort();
	}

	/**
	 * Documents matching every word (the last one also by prefix), best first, that pass
	 * `filters`. When that finds little, typos are tolerated.
	 */
	search(query: ParsedQuery, filters: SearchFilters = {}): Candidate[] {
		const words = query.words;
		if (words.length === 0) return [];
		const last = words[words.length - 1]!;
		const options: SearchOptions = {
			combineWith: 'AND',
			filter: Object.values(filters).some((value) => value !== undefined)
				? (result) => this.#passes(result.id as string, filters)
				: undefined,
			prefix: (term, i, terms) => i === terms.length - 1 && term === last && term.length >= MIN_PREFIX && !query.exact.has(term)
		};
		const text = words.join(' ');
		let results = this.#mini.search(text, options);
		if (results.length < FUZZY_BELOW) {
			results = this.#mini.search(text, {
				...options,
				fuzzy: (term) => (term.length >= MIN_FUZZY && !query.exact.has(term) ? FUZZY : false),
				maxFuzzy: 2
			});
		}
		const candidates: Candidate[] = [];
		for (const result of results) {
			const meta = this.#docs.get(result.id as string);
			if (meta) candidates.push({ id: result.id as string, score: result.score, terms: result.terms, meta });
		}
		return candidates;
	}

	/** The whole index as one JSON string, to store. */
	toJSON(): string {
		const docs: DocTuple[] = [];
		for (const [id, m] of this.#docs) docs.push([id, m.conversationId, m.role, m.model, m.createdAt, m.updatedAt, m.status, m.attachments]);
		const snapshot: Snapshot = {
			format: INDEX_FORMAT,
			mini: this.#mini.toJSON(),
			docs,
			conversations: [...this.#conversations.values()],
			pending: [...this.#pending]
		};
		return JSON.stringify(snapshot);
	}

	/** Restores `toJSON`'s output; null when it was written by another index format. */
	static fromJSON(json: string): MessageIndex | null {
		const snapshot = JSON.parse(json) as Snapshot;
		if (snapshot.format !== INDEX_FORMAT) return null;
		const index = new MessageIndex(MiniSearch.loadJS(snapshot.mini as Parameters<typeof MiniSearch.loadJS>[0], OPTIONS));
		for (const conversation of snapshot.conversations) index.#conversations.set(conversation.id, conversation);
		for (const [id, conversationId, role, model, createdAt, updatedAt, status, attachments] of snapshot.docs) {
			index.#remember(id, { conversationId, role, model, createdAt, updatedAt, status, attachments });
		}
		for (const id of snapshot.pending) index.#pending.add(id);
		return index;
	}

	#put(id: string, text: string, meta: DocMeta): void {
		if (this.#mini.has(id)) this.#mini.discard(id);
		this.#mini.add({ id, text });
		this.#remember(id, meta);
	}

	#remember(id: string, meta: DocMeta): void {
		this.#docs.set(id, meta);
		let ids = this.#byConversation.get(meta.conversationId);
		if (!ids) this.#byConversation.set(meta.conversationId, (ids = new Set()));
		ids.add(id);
	}

	#passes(id: string, filters: SearchFilters): boolean {
		const meta = this.#docs.get(id);
		if (!meta) return false;
		return passes(meta, this.#conversations.get(meta.conversationId), filters, () => this.#conversationAttachments(meta.conversationId));
	}

	/** Every kind of file attached anywhere in a conversation, as ATTACHMENT_BITS. */
	#conversationAttachments(conversationId: string): number {
		let bits = 0;
		for (const id of this.#byConversation.get(conversationId) ?? []) bits |= this.#docs.get(id)?.attachments ?? 0;
		return bits;
	}
}
