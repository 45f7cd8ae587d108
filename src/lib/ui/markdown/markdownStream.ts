/**
 * Drives the rendering of one message for the Markdown component, without Svelte so it can
 * be tested in Node: at most one request in flight, always for the newest text, paced by
 * animation frames; a streaming session while `streaming`, one full render at the end; and
 * only changed blocks sanitized.
 */
import type { BlockPatch, MarkdownClient, RenderedBlock } from '../../workers/markdownClient.ts';

/** A block whose HTML has been sanitized and may go into the DOM. */
export interface SafeBlock {
	id: string;
	html: string;
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
}

let sessionCounter = 0;

export class MarkdownStream {
	#options: MarkdownStreamOptions;
	#schedule: (callback: () => void) => void;
	#source = '';
	#streaming = false;
	#blocks: SafeBlock[] = [];
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
				this.#apply(patch);
			});
		} else if (this.#session) {
			const session = this.#session;
			this.#session = undefined;
			this.#sent = undefined;
			request = this.#options.client.finish(session, text).then((patch) => {
				this.#final = text;
				this.#apply(patch);
			});
		} else {
			request = this.#options.client.render(text).then((blocks) => {
				this.#final = text;
				this.#apply({ changedFrom: 0, blocks });
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

	#apply(patch: BlockPatch): void {
		if (this.#disposed) return;
		const { sanitize } = this.#options;
		const changed = patch.blocks.map((block: RenderedBlock) => ({ id: block.id, html: sanitize(block.html) }));
		this.#blocks = this.#blocks.slice(0, patch.changedFrom).concat(changed);
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
