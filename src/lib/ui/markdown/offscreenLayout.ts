/**
 * A long message's first render is shown whole, but only what is near the viewport is styled
 * and laid out (decisions 0046, 0048). Showing a stored 8,000-character reply at once styled ~1,600
 * elements and laid out ~2,700 objects in one task, while most of it sat above the viewport.
 * With `.md-on-screen-first` (markdown.css) every top-level block has `content-visibility:
 * auto`: the browser skips the blocks out of view and renders each as it comes near the
 * viewport, keeping its size from then on (`contain-intrinsic-size: auto`).
 */

/** Blocks in a first render before it is worth laying out on screen first. */
export const minBlocks = 32;

/** Whether a first render of `blocks` blocks, replacing the raw text, lays out on screen first. */
export function laysOutOnScreenFirst(blocks: number): boolean {
	return blocks >= minBlocks;
}
