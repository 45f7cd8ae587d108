// Keeps the composer above the on-screen keyboard. Chromium on Android resizes the layout
// viewport itself (the viewport meta asks for `interactive-widget=resizes-content`); Safari
// on iOS only shrinks the visual viewport, so the part of the layout the keyboard covers is
// published as `--keyboard-inset` and the shell subtracts it from its height.

/** Pixels of the layout viewport hidden below the visual viewport (the keyboard, mostly). */
export function keyboardInset(layoutHeight: number, visualHeight: number, visualTop: number): number {
	return Math.max(0, Math.round(layoutHeight - visualHeight - visualTop));
}

/** An on-screen keyboard takes at least this much; smaller changes are browser chrome. */
const KEYBOARD_MIN_PX = 120;

/**
 * Follows the visual viewport, setting `--keyboard-inset` and `data-keyboard="open"` on
 * `root` while a keyboard is up. Returns a function that stops following.
 */
export function followKeyboard(root: HTMLElement, view: Window = window): () => void {
	const viewport = view.visualViewport;
	if (!viewport) return () => {};
	// Tallest viewport seen: where a resizing keyboard (Android) shows as a shorter one.
	let tallest = 0;
	// What the page was last told; the stylesheets assume 0 until told otherwise.
	let shown = 0;
	const update = () => {
		tallest = Math.max(tallest, viewport.height);
		const inset = keyboardInset(view.innerHeight, viewport.height, viewport.offsetTop);
		if (inset !== shown) root.style.setProperty('--keyboard-inset', `${(shown = inset)}px`);
		const open = inset >= KEYBOARD_MIN_PX || tallest - viewport.height >= KEYBOARD_MIN_PX * 1.5;
		if (open) root.dataset.keyboard = 'open';
		else delete root.dataset.keyboard;
	};
	// The first reading waits for the page's first layout: a ResizeObserver's first callback
	// comes right after it, where the viewport's size is known without work. Read while the
	// page was being built (the layout's mount), it forced a layout of the half-built page
	// (decision 0036). Any viewport change before then is read by its own event.
	const first = new ResizeObserver(() => {
		first.disconnect();
		update();
	});
	first.observe(root);
	viewport.addEventListener('resize', update);
	viewport.addEventListener('scroll', update);
	return () => {
		first.disconnect();
		viewport.removeEventListener('resize', update);
		viewport.removeEventListener('scroll', update);
		root.style.removeProperty('--keyboard-inset');
		delete root.dataset.keyboard;
	};
}
