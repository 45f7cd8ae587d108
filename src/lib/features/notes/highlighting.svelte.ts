// The highlight code (drawing marks over a message, reading a selection back) is not part of
// the thread's first paint: it loads with the first message that has highlights, or with the
// first press of Highlight (decision 0022, round 4). Until then a message shows its plain
// text; a failed load is shown under the message with a Try again.
import type { Attachment } from 'svelte/attachments';
import type { HighlightRange } from './highlightRanges.ts';

type HighlightDom = typeof import('./highlightDom.ts');

class Highlighting {
	/** The loaded module, null until it arrives. */
	module = $state.raw<HighlightDom | null>(null);
	loading = $state(false);
	/** Why it could not load, in words for the user. */
	error = $state<string | null>(null);
	#load: Promise<HighlightDom> | undefined;

	load(): Promise<HighlightDom> {
		this.#load ??= this.#start();
		return this.#load;
	}

	async #start(): Promise<HighlightDom> {
		this.loading = true;
		this.error = null;
		try {
			const module = await import('./highlightDom.ts');
			this.module = module;
			return module;
		} catch (error) {
			this.#load = undefined;
			this.error = `Highlights could not be loaded (${error instanceof Error ? error.message : String(error)}). Check your connection and try again.`;
			throw new Error(this.error, { cause: error });
		} finally {
			this.loading = false;
		}
	}
}

/** One per tab: every message shares the module and its loading state. */
export const highlighting = new Highlighting();

/**
 * Keeps `ranges()` drawn over the element's text (highlightDom's `highlights`), loading the
 * drawing code only when there is something to draw.
 */
export function highlights(ranges: () => readonly HighlightRange[]): Attachment<HTMLElement> {
	return (root) => {
		const current = ranges();
		if (current.length === 0) return;
		const module = highlighting.module;
		if (!module) {
			// Runs again once the module is in (it reads `highlighting.module`); the load
			// writes state, so it starts outside this effect.
			queueMicrotask(() => void highlighting.load().catch(() => undefined));
			return;
		}
		return module.highlights(() => current)(root);
	};
}
