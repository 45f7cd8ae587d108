// State of one open conversation: its message tree, the visible path, and the reply
// streaming into it. Sessions outlive the page that opened them, so a reply keeps
// streaming while the user looks at another conversation.
import {
	indexTree,
	newestLeaf,
	newestLeafFrom,
	pathToLeaf,
	switchBranch,
	type MessageNode,
	type MessageStatus,
	type Reaction,
	type TreeIndex
} from '../../core/conversationTree.ts';
import { fallbackTitle } from '../../core/title.ts';
import {
	appendMessage,
	createConversation,
	loadMessages,
	markInterrupted,
	saveStreamingMessage,
	updateConversation
} from '../../db/conversations.ts';
import type { AtriumDatabase, Conversation, QueuedMessage } from '../../db/database.ts';
import { openConversation } from '../../db/openConversation.ts';
import { setReaction } from '../../db/reactions.ts';
import { MAX_MESSAGE_CHARS } from '../../protocol/limits.ts';
import type { ResolvedModel } from '../../providers/registry.ts';
import { storageErrorMessage } from '../../db/storageErrors.ts';
import type { SendFiles } from '../attachments/session.ts';
import { liveStreamIds } from './streamLocks.ts';
import type * as SendPathModule from './chatSessionSend.ts';

type SendPath = typeof SendPathModule;
let sendPath: Promise<SendPath> | undefined;

/**
 * Loads what sending needs (attachments, retrieval, context fitting, the reply stream). The
 * composer calls it on focus or typing, so the first send does not wait for it (decision 0022).
 */
export function loadSendPath(): Promise<SendPath> {
	sendPath ??= import('./chatSessionSend.ts').catch((error: unknown) => {
		sendPath = undefined;
		throw new ChatInputError(
			`Could not load what sending needs (${error instanceof Error ? error.message : String(error)}). Check the connection and try again.`
		);
	});
	return sendPath;
}

export interface ChatSessionDeps {
	db: AtriumDatabase;
	/** The provider behind a model key, or null when it is not configured any more. */
	resolveModel: (key: string) => ResolvedModel | null;
	/** Called once a draft session has stored its conversation. */
	onCreated?: (conversation: Conversation) => void;
	/** Keeps messages that cannot be sent now (offline) to send later (features/pwa/sendQueue.ts). */
	queue?: SendQueueHook;
}

export interface SendQueueHook {
	/** Whether this message must wait: no network for this model, or others wait before it. */
	holds(conversationId: string, model: string): Promise<boolean>;
	enqueue(node: MessageNode, model: string): Promise<void>;
	/** Stores a queued message as its node, taking it off the queue; false if it was cancelled. */
	store(node: MessageNode): Promise<boolean>;
	node(queued: QueuedMessage): MessageNode;
}

export class ChatInputError extends Error {}

export function validateMessage(text: string, allowEmpty = false): string {
	const trimmed = text.trim();
	if (!trimmed && !allowEmpty) throw new ChatInputError('Type a message first.');
	if (text.length > MAX_MESSAGE_CHARS) {
		throw new ChatInputError(
			`This message is ${text.length.toLocaleString('en')} characters; the limit is ${MAX_MESSAGE_CHARS.toLocaleString('en')}. Attach long text as a file or split it.`
		);
	}
	return text;
}

export class ChatSession {
	conversation = $state<Conversation | null>(null);
	loading = $state(false);
	/** True when the conversation id does not exist on this device. */
	missing = $state(false);
	/** Text of the reply streaming now, kept apart so only that message re-renders. */
	live = $state<{ id: string; text: string } | null>(null);
	/** A problem to show above the composer (never replaces what the user typed). */
	notice = $state<string | null>(null);

	#tree = $state.raw<TreeIndex>(indexTree([]));
	#controller: AbortController | null = null;
	/** Set while an accepted action stores its messages, before its reply is live. */
	#starting = false;
	readonly #deps: ChatSessionDeps;

	constructor(deps: ChatSessionDeps, conversation: Conversation | null = null) {
		this.#deps = deps;
		this.conversation = conversation;
	}

	get tree(): TreeIndex {
		return this.#tree;
	}

	#pathCache: { tree: TreeIndex; leaf: string | null | undefined; path: MessageNode[] } | null = null;

	/**
	 * The visible thread. A memoized getter rather than `$derived`: sessions outlive the
	 * component that created them, and a class `$derived` would die with that component.
	 */
	get path(): MessageNode[] {
		const tree = this.#tree;
		const leaf = this.conversation?.currentLeafId;
		const cached = this.#pathCache;
		if (cached && cached.tree === tree && cached.leaf === leaf) return cached.path;
		const path = pathToLeaf(tree, leaf);
		this.#pathCache = { tree, leaf, path };
		return path;
	}

	get streaming(): boolean {
		return this.live !== null;
	}

	#refuseWhileBusy(): void {
		if (this.streaming || this.#starting) throw new ChatInputError('Wait for the reply to finish, or press Stop.');
	}

	/** Runs the storing steps of an accepted action; a second action meanwhile is refused. */
	async #whileStarting(work: () => Promise<void>): Promise<void> {
		this.#starting = true;
		try {
			await work();
		} finally {
			this.#starting = false;
		}
	}

	async load(id: string): Promise<void> {
		this.loading = true;
		try {
			const { db } = this.#deps;
			// One transaction for all the first screen shows (decision 0043).
			const [live, { conversation, messages: stored }] = await Promise.all([liveStreamIds(), openConversation(db, id)]);
			if (!conversation) {
				this.missing = true;
				return;
			}
			// This tab's own stream (if any) is live too; it holds its lock.
			const messages = this.live ? stored : await markInterrupted(db, stored, (messageId) => live.has(messageId));
			const tree = indexTree(messages);
			if (!conversation.currentLeafId || !tree.byId.has(conversation.currentLeafId)) {
				conversation.currentLeafId = newestLeaf(tree);
			}
			this.#tree = tree;
			this.conversation = conversation;
		} finally {
			this.loading = false;
		}
	}

	/**
	 * Re-reads the conversation after sync changed it. Skipped while this tab is sending or
	 * streaming here, and dropped if the tab changed the tree meanwhile: its own state is
	 * newer. Says whether it refreshed (false: busy; try again once the reply is done).
	 */
	async refresh(): Promise<boolean> {
		const current = this.conversation;
		if (!current) return true;
		if (this.streaming || this.#starting) return false;
		const tree = this.#tree;
		// Renames and settings change the conversation in place: compare its fields too.
		const fields = JSON.stringify(current);
		const { db } = this.#deps;
		const [conversation, messages] = await Promise.all([db.conversations.get(current.id), loadMessages(db, current.id)]);
		const changedHere = this.#tree !== tree || this.conversation !== current || JSON.stringify(current) !== fields;
		if (this.streaming || this.#starting || changedHere) return false;
		if (!conversation) {
			this.missing = true;
			return true;
		}
		const next = indexTree(messages);
		if (!conversation.currentLeafId || !next.byId.has(conversation.currentLeafId)) conversation.currentLeafId = newestLeaf(next);
		this.#tree = next;
		this.conversation = conversation;
		return true;
	}

	/** Sends a user message on the visible path and streams the reply. */
	async send(text: string, model: string | null, files: SendFiles = {}): Promise<void> {
		const attachments = files.attachments ?? [];
		const content = validateMessage(text, attachments.length > 0);
		this.#refuseWhileBusy();
		if (!model) throw new ChatInputError('Pick a model first (Settings adds more sources).');
		await this.#whileStarting(async () => {
			const send = await loadSendPath();
			await send.refuseForModel(attachments, this.canSee(model), model);
			const conversation = await this.#ensureConversation(model, content);
			const node = this.#newNode({ parentId: conversation.currentLeafId, role: 'user', content });
			const queue = this.#deps.queue;
			// Files are not queued offline: they go with a message sent now.
			if (queue && attachments.length === 0 && (await queue.holds(conversation.id, model))) await queue.enqueue(node, model);
			else await this.#addAndReply(send, node, model, files);
		});
	}

	/**
	 * Sends a message that waited in the queue and waits for its reply. Returns the reply's
	 * status, or null when nothing was sent (busy, or the message was cancelled meanwhile).
	 */
	async sendQueued(queued: QueuedMessage): Promise<MessageStatus | null> {
		const queue = this.#deps.queue;
		if (!queue || this.streaming || this.#starting || !this.conversation) return null;
		const node = queue.node(queued);
		let sent = false;
		await this.#whileStarting(async () => {
			const send = await loadSendPath();
			sent = await this.#store(node, queue.store);
			if (!sent) return;
			const reply = this.#newNode({ id: queued.replyId, parentId: node.id, role: 'assistant', content: '', model: queued.model, status: 'streaming' });
			await this.#store(reply);
			this.#startReply(send, reply, queued.model);
		});
		if (!sent) return null;
		await this.replyDone;
		return this.#tree.byId.get(queued.replyId)?.status ?? null;
	}

	/** Adds an edited copy of a user message as a sibling and answers it. */
	async editUserMessage(nodeId: string, text: string, model: string | null): Promise<void> {
		const content = validateMessage(text);
		const original = this.#tree.byId.get(nodeId);
		if (!original || original.role !== 'user') throw new ChatInputError('That message cannot be edited.');
		this.#refuseWhileBusy();
		if (!model) throw new ChatInputError('Pick a model first.');
		await this.#whileStarting(async () =>
			this.#addAndReply(await loadSendPath(), this.#newNode({ parentId: original.parentId, role: 'user', content }), model)
		);
	}

	/** Asks again for the reply at `nodeId`, as a new sibling. */
	async regenerate(nodeId: string, model: string | null): Promise<void> {
		const original = this.#tree.byId.get(nodeId);
		if (!original || original.role !== 'assistant' || !original.parentId) return;
		this.#refuseWhileBusy();
		const key = model ?? original.model;
		if (!key) throw new ChatInputError('Pick a model first.');
		const reply = this.#newNode({ parentId: original.parentId, role: 'assistant', content: '', model: key, status: 'streaming' });
		await this.#whileStarting(async () => {
			const send = await loadSendPath();
			await this.#store(reply);
			this.#startReply(send, reply, key);
		});
	}

	/** Continues an interrupted or stopped reply in place. */
	async continueReply(nodeId: string, model: string | null): Promise<void> {
		const node = this.#tree.byId.get(nodeId);
		if (!node || node.role !== 'assistant') return;
		this.#refuseWhileBusy();
		const key = node.model ?? model;
		if (!key) throw new ChatInputError('Pick a model first.');
		await this.#whileStarting(async () => {
			const send = await loadSendPath();
			this.#replace({ ...node, status: 'streaming', error: undefined });
			this.#startReply(send, node, key, node.content);
		});
	}

	stop(): void {
		this.#controller?.abort();
	}

	async showBranch(nodeId: string, direction: -1 | 1): Promise<void> {
		const leaf = switchBranch(this.#tree, nodeId, direction);
		if (!leaf || !this.conversation) return;
		this.conversation.currentLeafId = leaf;
		await updateConversation(this.#deps.db, this.conversation.id, { currentLeafId: leaf }, { touch: false });
	}

	/** Shows the newest leaf under `nodeId` (the tree view's click), remembered like a branch switch. */
	async showNode(nodeId: string): Promise<void> {
		if (!this.conversation || !this.#tree.byId.has(nodeId)) return;
		const leaf = newestLeafFrom(this.#tree, nodeId);
		this.conversation.currentLeafId = leaf;
		await updateConversation(this.#deps.db, this.conversation.id, { currentLeafId: leaf }, { touch: false });
	}

	/** Sets 👍 or 👎 on a reply; choosing the same one again clears it. */
	async react(nodeId: string, reaction: Reaction): Promise<void> {
		const node = this.#tree.byId.get(nodeId);
		if (!node || node.role !== 'assistant') return;
		const next = node.reaction === reaction ? undefined : reaction;
		await setReaction(this.#deps.db, nodeId, next);
		const current = this.#tree.byId.get(nodeId) ?? node;
		this.#replace({ ...current, reaction: next });
	}

	async rename(title: string): Promise<void> {
		const clean = title.replace(/\s+/g, ' ').trim().slice(0, 200);
		if (!this.conversation || !clean) return;
		this.conversation.title = clean;
		this.conversation.titleSource = 'user';
		await updateConversation(this.#deps.db, this.conversation.id, { title: clean, titleSource: 'user' });
	}

	async setSystemPrompt(systemPrompt: string): Promise<void> {
		if (!this.conversation) return;
		this.conversation.systemPrompt = systemPrompt;
		await updateConversation(this.#deps.db, this.conversation.id, { systemPrompt }, { touch: false });
	}

	async setModel(model: string): Promise<void> {
		if (!this.conversation) return;
		this.conversation.model = model;
		await updateConversation(this.#deps.db, this.conversation.id, { model }, { touch: false });
	}

	async #ensureConversation(model: string, firstMessage: string): Promise<Conversation> {
		if (this.conversation) return this.conversation;
		const conversation = await createConversation(this.#deps.db, {
			model,
			title: fallbackTitle(firstMessage),
			systemPrompt: this.draftSystemPrompt
		});
		this.conversation = conversation;
		this.#deps.onCreated?.(conversation);
		return conversation;
	}

	/** System prompt typed before the conversation exists. */
	draftSystemPrompt = $state('');

	/** Whether a model reads images; ChatView sets it from the model catalog. */
	canSee: (modelKey: string) => boolean = () => true;

	/** The context window a model's source reports, if any; ChatView sets it from the model catalog. */
	contextWindow: (modelKey: string) => number | undefined = () => undefined;

	/** The provider behind a model key (the context budget summarises with it). */
	resolveModel(key: string): ResolvedModel | null {
		return this.#deps.resolveModel(key);
	}

	async #addAndReply(send: SendPath, userNode: MessageNode, model: string, files: SendFiles = {}): Promise<void> {
		const attachments = files.attachments ?? [];
		if (attachments.length > 0) userNode.attachments = attachments.map((item) => item.ref);
		const owner = { conversationId: userNode.conversationId || (this.conversation?.id ?? ''), messageId: userNode.id };
		await send.storeWithMessage(this.#deps.db, attachments, owner, () => this.#store(userNode).then(() => undefined));
		const reply = this.#newNode({ parentId: userNode.id, role: 'assistant', content: '', model, status: 'streaming' });
		await this.#store(reply);
		this.#startReply(send, reply, model);
	}

	/** Settles when the reply streaming now (if any) has been stored. */
	replyDone: Promise<void> = Promise.resolve();

	/** Streams in the background: the caller returns once the user's message is stored. */
	#startReply(send: SendPath, node: MessageNode, model: string, prefix = ''): void {
		this.live = { id: node.id, text: prefix };
		this.replyDone = this.#reply(send, node, model, prefix).catch((error: unknown) => {
			this.notice = `Could not finish the reply: ${error instanceof Error ? error.message : String(error)}`;
		});
	}

	async #reply(send: SendPath, node: MessageNode, model: string, prefix = ''): Promise<void> {
		const conversation = this.conversation;
		const controller = new AbortController();
		this.#controller = controller;
		this.notice = null;
		try {
			if (!conversation) return;
			const resolved = this.#deps.resolveModel(model);
			if (!resolved) {
				const error = {
					code: 'unavailable' as const,
					message: 'This model is not available any more. Pick another model and press Regenerate.'
				};
				// Stored like a reply's end, so other devices see the failure too (it syncs).
				await saveStreamingMessage(this.#deps.db, node.id, { status: 'error', error });
				this.#replace({ ...node, status: 'error', error });
				return;
			}
			const path = pathToLeaf(this.#tree, node.parentId);
			const context = await send.replyContext({
				db: this.#deps.db,
				conversation,
				path,
				model,
				vision: this.canSee(model),
				contextWindow: this.contextWindow(model),
				prefix,
				onCitations: async (citations) => {
					await this.#deps.db.messages.update(node.id, { citations });
					node = { ...node, citations };
					this.#replace(node);
				}
			});
			const { outcome, saveError } = await send.streamReply({
				db: this.#deps.db,
				node,
				provider: resolved.provider,
				modelId: resolved.modelId,
				messages: context,
				signal: controller.signal,
				prefix,
				onText: (text) => {
					if (this.live?.id === node.id) this.live.text = text;
				}
			});
			this.#replace({ ...node, ...outcome, updatedAt: Date.now() });
			if (saveError !== undefined) {
				this.notice =
					storageErrorMessage(saveError) ??
					`This reply could not be saved in this browser (${saveError instanceof Error ? saveError.message : String(saveError)}). Copy it before reloading.`;
				return;
			}
			await updateConversation(this.#deps.db, conversation.id, {});
			if (outcome.status === 'complete' && conversation.titleSource === 'fallback') {
				// Best effort: the fallback title stays if naming fails (closed database included).
				this.#autoTitle(conversation, resolved, node.parentId, outcome.content).catch(() => undefined);
			}
		} finally {
			this.#controller = null;
			this.live = null;
		}
	}

	/** Names the conversation after its first exchange; a user's own title always wins. */
	async #autoTitle(conversation: Conversation, model: ResolvedModel, userNodeId: string | null, answer: string) {
		const user = userNodeId ? this.#tree.byId.get(userNodeId) : undefined;
		if (!user || user.parentId !== null || model.provider.source === 'webllm') return;
		const { askTitle } = await loadSendPath();
		const title = await askTitle(model, user.content, answer);
		if (!title || conversation.titleSource === 'user') return;
		conversation.title = title;
		conversation.titleSource = 'auto';
		await updateConversation(this.#deps.db, conversation.id, { title, titleSource: 'auto' }, { touch: false });
	}

	#newNode(init: Pick<MessageNode, 'parentId' | 'role' | 'content'> & Partial<MessageNode>): MessageNode {
		const now = Date.now();
		return {
			id: crypto.randomUUID(),
			conversationId: this.conversation?.id ?? '',
			status: 'complete',
			createdAt: now,
			updatedAt: now,
			...init
		};
	}

	async #store(node: MessageNode, write = (n: MessageNode) => appendMessage(this.#deps.db, n).then(() => true)): Promise<boolean> {
		if (!(await write(node))) return false;
		this.#tree = indexTree([...this.#tree.byId.values(), node]);
		if (this.conversation) {
			this.conversation.currentLeafId = node.id;
			this.conversation.messageCount += 1;
		}
		return true;
	}

	#replace(node: MessageNode): void {
		this.#tree = indexTree(Array.from(this.#tree.byId.values(), (n) => (n.id === node.id ? node : n)));
	}
}
