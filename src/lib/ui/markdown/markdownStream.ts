/**
 * Drives the rendering of one message for the Markdown component, without Svelte so it can
 * be tested in Node: at most one request in flight, always for the newest text, paced by
 * animation frames; a streaming session while `streaming`, one full render at the end; and
 * only changed blocks sanitized. A patch with many blocks (the first one of a long message)
 * is sanitized a slice at a time, yielding to the browser between slices, and shown whole
 * once every block is done, in a task of its own when sanitizing took a while, so it never
 * makes one long task (decisions 0028, 0032).
 */
import { nextTask } from '../../core/nextTask.ts';
import type { BlockPatch, MarkdownClient, RenderedBlock } from '../../workers/markdownClient.ts';

/** A block whose HTML has been sanitized and may go into the DOM. */
export interface SafeBlock {
	id: string;
	html: string;
}

/**
 * What a stream shows: the blocks, the worker's HTML they were sanitized from, and the text
 * they render. A message mounted again (scrolled back into view, the chat view re-mounted)
 * starts from it: no raw-text frame, and unchanged blocks are not sanitized again.
 */
export interface ShownRender {
	text: string;
	/** The blocks are the final render of `text`, not a streaming one. */
	final: boolean;
	blocks: SafeBlock[];
	raw: string[];
}

export interface MarkdownStreamOptions {
	client: MarkdownClient;
	sanitize: (html: string) => string;
	/** Receives the full, sanitized block list whenever it changes. */
	onBlocks: (blocks: SafeBlock[]) => void;
	/** Runs a callback before the next paint; requestAnimationFrame in the browser. */
	schedule?: (callback: () => void) => void;
	/** Prefix for streaming session ids (the message id), for readable worker state. */
	sessionPrefix?: () => string | undefined;
	onError?: (error: unknown) => void;
	/** Lets the browser run other tasks before continuing a long patch; see yieldToBrowser. */
	yieldTask?: () => Promise<void>;
	/** Milliseconds of sanitizing in one task before yielding (default 8). */
	sliceMs?: number;
	/** A clock in milliseconds; performance.now in the browser. */
	now?: () => number;
	/** What an earlier stream of the same message showed (see ShownRender). */
	seed?: ShownRender;
	/**
	 * Given the newly sanitized blocks' HTML, a promise to await before showing them, or
	 * undefined; the browser's KaTeX fonts (mathFonts.ts), so math is laid out once.
	 */
	beforeShow?: (htmls: string[]) => Promise<void> | undefined;
}

/** Ends the current task and continues in a new one (core/nextTask.ts). */
export const yieldToBrowser = nextTask;

let sessionCounter = 0;

export class MarkdownStream {
	#options: MarkdownStreamOptions;
	#schedule: (callback: () => void) => void;
	#yield: () => Promise<void>;
	#sliceMs: number;
	#now: () => number;
	#source = '';
	#streaming = false;
	#blocks: SafeBlock[] = [];
	/** The worker's (unsanitized) HTML of each shown block. */
	#raw: string[] = [];
	/** Text the shown blocks render, and whether they are its final render. */
	#shownText: string | undefined;
	#shownFinal = false;
	#session: string | undefined;
	/** Text the open session last rendered. */
	#sent: string | undefined;
	/** Text the shown blocks are the final render of. */
	#final: string | undefined;
	#inFlight = false;
	#scheduled = false;
	#disposed = false;

	constructor(options: MarkdownStreamOptions) {
		this.#options = options;
		this.#schedule = options.schedule ?? ((callback) => requestAnimationFrame(() => callback()));
		this.#yield = options.yieldTask ?? yieldToBrowser;
		this.#sliceMs = options.sliceMs ?? 8;
		this.#now = options.now ?? (() => performance.now());
		const seed = options.seed;
		if (seed && seed.blocks.length === seed.raw.length) {
			this.#blocks = seed.blocks;
			this.#raw = seed.raw;
			this.#shownText = seed.text;
			this.#shownFinal = seed.final;
			if (seed.final) this.#final = seed.text;
		}
	}

	/** What is shown now, or undefined before the first render. */
	shown(): ShownRender | undefined {
		if (this.#shownText === undefined) return undefined;
		return { text: this.#shownText, final: this.#shownFinal, blocks: this.#blocks, raw: this.#raw };
	}

	/** Hands over the newest props; rendering follows on a later frame. */
	set(source: string, streaming: boolean): void {
		this.#source = source;
		this.#streaming = streaming;
		this.#requestFrame();
	}

	/** Stops rendering and frees the worker session; late results are ignored. */
	dispose(): void {
		this.#disposed = true;
		if (this.#session) this.#close(this.#session);
		this.#session = undefined;
	}

	#needsWork(): boolean {
		if (this.#streaming) return this.#source !== this.#sent;
		return this.#source !== this.#final;
	}

	#requestFrame(): void {
		if (this.#scheduled || this.#inFlight || this.#disposed || !this.#needsWork()) return;
		this.#scheduled = true;
		this.#schedule(() => {
			this.#scheduled = false;
			this.#pump();
		});
	}

	#pump(): void {
		if (this.#inFlight || this.#disposed || !this.#needsWork()) return;
		const text = this.#source;
		let request: Promise<void>;
		if (this.#streaming) {
			// A regenerated or edited message does not extend what the session has: start over.
			if (this.#session && this.#sent !== undefined && !text.startsWith(this.#sent)) {
				this.#close(this.#session);
				this.#session = undefined;
			}
			const session = (this.#session ??= this.#newSessionId());
			request = this.#options.client.update(session, text).then((patch) => {
				this.#sent = text;
				return this.#apply(patch, text, false);
			});
		} else if (this.#session) {
			const session = this.#session;
			this.#session = undefined;
			this.#sent = undefined;
			request = this.#options.client.finish(session, text).then((patch) => {
				this.#final = text;
				return this.#apply(patch, text, true);
			});
		} else {
			request = this.#options.client.render(text).then((blocks) => {
				this.#final = text;
				return this.#apply({ changedFrom: 0, blocks }, text, true);
			});
		}
		this.#inFlight = true;
		request
			.catch((error: unknown) => {
				// Give up on this text rather than retry it every frame; the next change retries.
				if (this.#streaming) this.#sent = text;
				else this.#final = text;
				this.#options.onError?.(error);
			})
			.finally(() => {
				this.#inFlight = false;
				this.#requestFrame();
			});
	}

	/**
	 * Sanitizes the patch's blocks, yielding whenever a slice's time is up, then shows them.
	 * A block whose HTML is what the same position already shows keeps its sanitized HTML
	 * (a new session's first patch, or a final render, repeats most blocks).
	 */
	async #apply(patch: BlockPatch, text: string, final: boolean): Promise<void> {
		const { sanitize } = this.#options;
		const changed: SafeBlock[] = [];
		let sliceStart = this.#now();
		const fresh: string[] = [];
		for (const [k, block] of (patch.blocks as RenderedBlock[]).entries()) {
			if (this.#disposed) return;
			const at = patch.changedFrom + k;
			const same = this.#raw[at] === block.html ? this.#blocks[at] : undefined;
			if (same && same.id === block.id) {
				changed.push(same);
				continue;
			}
			if (changed.length > 0 && this.#now() - sliceStart >= this.#sliceMs) {
				await this.#yield();
				if (this.#disposed) return;
				sliceStart = this.#now();
			}
			const html = sanitize(block.html);
			changed.push({ id: block.id, html });
			fresh.push(html);
		}
		const wait = fresh.length > 0 ? this.#options.beforeShow?.(fresh) : undefined;
		if (wait) {
			await wait;
			if (this.#disposed) return;
			sliceStart = this.#now();
		}
		// Showing costs about as much again (Svelte parses each new block's HTML into the
		// DOM): after half a slice of sanitizing, show in a task of its own (decision 0032).
		if (fresh.length > 0 && this.#now() - sliceStart >= this.#sliceMs / 2) await this.#yield();
		if (this.#disposed) return;
		this.#blocks = this.#blocks.slice(0, patch.changedFrom).concat(changed);
		this.#raw = this.#raw.slice(0, patch.changedFrom).concat(patch.blocks.map((block) => block.html));
		this.#shownText = text;
		this.#shownFinal = final;
		this.#options.onBlocks(this.#blocks);
	}

	#newSessionId(): string {
		sessionCounter++;
		return `${this.#options.sessionPrefix?.() ?? 'md'}#${sessionCounter}`;
	}

	#close(session: string): void {
		this.#options.client.close(session).catch((error: unknown) => this.#options.onError?.(error));
	}
}
