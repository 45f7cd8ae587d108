/**
 * Shapes shared by the markdown renderer, its worker, the worker pool client and the
 * Markdown component. Kept free of runtime imports so every side can depend on it.
 */

/** One top-level markdown block rendered to (unsanitized) HTML. */
export interface RenderedBlock {
	/** Stable for the life of a message: the block's ordinal, so a keyed list can reuse DOM. */
	id: string;
	html: string;
}

/**
 * The difference between two renders of the same message: blocks before `changedFrom`
 * are unchanged, and `blocks` replaces everything from `changedFrom` to the end.
 * New list = previous.slice(0, changedFrom).concat(blocks).
 */
export interface BlockPatch {
	changedFrom: number;
	blocks: RenderedBlock[];
}

/** Counters that make the cost of incremental rendering observable to tests and benches. */
export interface IncrementalStats {
	/** Number of `update` calls so far. */
	updates: number;
	/** Characters handed to the lexer over all updates (the work that must not grow with length). */
	lexedChars: number;
	/** Characters handed to the lexer by the most recent update. */
	lastLexedChars: number;
	/** Blocks that have been frozen (rendered once and cached). */
	frozenBlocks: number;
}

/**
 * What the markdown worker exposes through comlink, and what the main-thread fallback
 * implements with the same semantics.
 */
export interface MarkdownService {
	/** Renders a whole message at once (history, or a message that is not streaming). */
	render(text: string): RenderedBlock[];
	/** Starts a streaming session; calling it again for a live session is a no-op. */
	open(sessionId: string): void;
	/** Renders the newest full text of a streaming message; only the open tail is re-lexed. */
	update(sessionId: string, text: string): BlockPatch;
	/**
	 * Renders the final text in full (so cross-block constructs come out right), returns the
	 * patch against what the session showed, and ends the session.
	 */
	finish(sessionId: string, text: string): BlockPatch;
	/** Drops a session without a final render (the message was abandoned). */
	close(sessionId: string): void;
}
