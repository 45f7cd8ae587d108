/**
 * The last render each recently shown message had, by message id, so a message mounted
 * again (the thread is virtualized: scrolling unmounts and re-mounts rows; a new chat's
 * view is re-mounted when its URL changes) shows its HTML at once instead of its raw text,
 * and does not sanitize unchanged blocks again (decision 0028). Least recently used first
 * out, within a count and a size (characters of HTML kept) budget.
 */
import type { ShownRender } from './markdownStream.ts';

export const maxEntries = 300;
export const maxChars = 4_000_000;

const entries = new Map<string, { render: ShownRender; chars: number }>();
let chars = 0;

function size(render: ShownRender): number {
	let total = render.text.length;
	for (const block of render.blocks) total += block.html.length;
	for (const html of render.raw) total += html.length;
	return total;
}

function drop(key: string): void {
	const entry = entries.get(key);
	if (!entry) return;
	chars -= entry.chars;
	entries.delete(key);
}

/** Keeps what `key`'s message shows now, replacing what was kept for it. */
export function rememberRender(key: string, render: ShownRender): void {
	drop(key);
	const entry = { render, chars: size(render) };
	if (entry.chars > maxChars) return;
	entries.set(key, entry);
	chars += entry.chars;
	for (const oldest of entries.keys()) {
		if (entries.size <= maxEntries && chars <= maxChars) break;
		drop(oldest);
	}
}

/**
 * What `key`'s message last showed, if it still fits `source`: the final render of this
 * very text, or (while streaming) any render of text that `source` extends.
 */
export function recallRender(key: string, source: string, streaming: boolean): ShownRender | undefined {
	const entry = entries.get(key);
	if (!entry) return undefined;
	const { render } = entry;
	const fits = render.text === source ? render.final || streaming : streaming && source.startsWith(render.text);
	if (!fits) return undefined;
	// Most recently used last.
	entries.delete(key);
	entries.set(key, entry);
	return render;
}

/** Forgets everything (tests). */
export function clearRenders(): void {
	entries.clear();
	chars = 0;
}
