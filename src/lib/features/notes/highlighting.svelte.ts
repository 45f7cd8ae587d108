// The highlight code (drawing marks over a message, reading a selection back) is not part of
// the thread's first paint: it loads with the first message that has highlights, or with the
// first press of Highlight (decision 0022, round 4). Until then a message shows its plain
// text; a failed load is shown under the message with a Try again.
import type { Attachment } from 'svelte/attachments';
import { OnUse } from '../../ui/onUse.svelte.ts';
import type { HighlightRange } from './highlightRanges.ts';

/** What a message says when the highlight code could not load, with `reason`. */
export const highlightFailure = (reason: string) => `Highlights could not be loaded (${reason}). Check your connection and try again.`;

/** The user's selection now, kept apart from the page's (it may change while code loads). */
export function selectedRange(): Range | null {
	const selection = window.getSelection();
	return selection && selection.rangeCount > 0 && !selection.isCollapsed ? selection.getRangeAt(0).cloneRange() : null;
}

/** One per tab: every message shares the module and its loading state. */
export const highlighting = new OnUse(() => import('./highlightDom.ts'));

/**
 * Keeps `ranges()` drawn over the element's text (highlightDom's `highlights`), loading the
 * drawing code only when there is something to draw.
 */
export function highlights(ranges: () => readonly HighlightRange[]): Attachment<HTMLElement> {
	return (root) => {
		const current = ranges();
		if (current.length === 0) return;
		const module = highlighting.value;
		if (!module) {
			// Runs again once the module is in (it reads `highlighting.value`); the load
			// writes state, so it starts outside this effect.
			queueMicrotask(() => void highlighting.load().catch(() => undefined));
			return;
		}
		return module.highlights(() => current)(root);
	};
}
