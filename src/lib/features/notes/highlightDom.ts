// Draws stored highlight ranges as <mark> elements over a message's rendered (already
// sanitized) text, and reads the user's selection back as ranges. Marks are plain DOM
// wrappers around existing text nodes: no HTML is parsed, so nothing unsanitized appears.
// Loaded through highlighting.svelte.ts, with the first highlight to show or make.
import type { Attachment } from 'svelte/attachments';
import { splitRun, type HighlightRange } from './highlightRanges.ts';

export { addRange } from './highlightRanges.ts';

const MARK_ATTR = 'data-highlight';

function unwrap(root: HTMLElement): void {
	for (const mark of Array.from(root.querySelectorAll(`mark[${MARK_ATTR}]`))) {
		const parent = mark.parentNode;
		if (!parent) continue;
		parent.replaceChild(document.createTextNode(mark.textContent ?? ''), mark);
		parent.normalize();
	}
}

function wrap(root: HTMLElement, ranges: readonly HighlightRange[]): void {
	if (ranges.length === 0) return;
	const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
	const texts: Text[] = [];
	for (let node = walker.nextNode(); node; node = walker.nextNode()) texts.push(node as Text);
	let offset = 0;
	for (const text of texts) {
		const from = offset;
		offset += text.data.length;
		// Whitespace between blocks may belong to the renderer's own bookkeeping: leave it.
		if (!text.data.trim()) continue;
		const pieces = splitRun(ranges, from, offset);
		if (!pieces.some((piece) => piece.marked)) continue;
		const fragment = document.createDocumentFragment();
		for (const piece of pieces) {
			const content = document.createTextNode(text.data.slice(piece.start - from, piece.end - from));
			if (!piece.marked) fragment.append(content);
			else {
				const mark = document.createElement('mark');
				mark.setAttribute(MARK_ATTR, '');
				mark.append(content);
				fragment.append(mark);
			}
		}
		text.replaceWith(fragment);
	}
}

/** Keeps `ranges()` drawn over the element's text, also after it re-renders. */
export function highlights(ranges: () => readonly HighlightRange[]): Attachment<HTMLElement> {
	return (root) => {
		const current = ranges();
		let queued = false;
		const observer = new MutationObserver(() => {
			if (queued) return;
			queued = true;
			queueMicrotask(() => {
				queued = false;
				draw();
			});
		});
		const options = { childList: true, subtree: true, characterData: true };
		function draw() {
			observer.disconnect();
			unwrap(root);
			wrap(root, current);
			observer.observe(root, options);
		}
		draw();
		return () => {
			observer.disconnect();
			unwrap(root);
		};
	};
}

/** A DOM range inside `root` as a text range, or null when it is outside or empty. */
export function textRange(root: HTMLElement, range: Range): HighlightRange | null {
	if (!root.contains(range.commonAncestorContainer)) return null;
	const measure = document.createRange();
	measure.selectNodeContents(root);
	measure.setEnd(range.startContainer, range.startOffset);
	const start = measure.toString().length;
	const end = start + range.toString().length;
	return end > start ? { start, end } : null;
}

/** The element a message's highlights are drawn in. */
export function highlightRoot(messageId: string): HTMLElement | null {
	return document.querySelector<HTMLElement>(`[data-highlight-root="${CSS.escape(messageId)}"]`);
}
