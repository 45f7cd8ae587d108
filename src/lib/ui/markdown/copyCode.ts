/**
 * The code blocks' "Copy" buttons come from worker HTML, so they cannot carry handlers:
 * one listener on the message root handles every button by event delegation.
 */

const copiedFor = 1500;
const resetTimers = new WeakMap<HTMLButtonElement, ReturnType<typeof setTimeout>>();

async function copyText(text: string): Promise<boolean> {
	try {
		await navigator.clipboard.writeText(text);
		return true;
	} catch {
		// No async clipboard outside secure contexts (a self-hosted instance on plain http).
		const area = document.createElement('textarea');
		area.value = text;
		area.setAttribute('readonly', '');
		area.style.cssText = 'position:fixed;opacity:0;pointer-events:none';
		document.body.append(area);
		area.select();
		const copied = document.execCommand('copy');
		area.remove();
		return copied;
	}
}

function showCopied(button: HTMLButtonElement): void {
	button.textContent = 'Copied';
	button.setAttribute('aria-label', 'Copied');
	button.dataset['copied'] = '';
	clearTimeout(resetTimers.get(button));
	resetTimers.set(
		button,
		setTimeout(() => {
			button.textContent = 'Copy';
			button.setAttribute('aria-label', 'Copy code');
			delete button.dataset['copied'];
		}, copiedFor)
	);
}

/**
 * Svelte attachment for a message root: a click on a `[data-md-copy]` button copies the raw
 * code of its block (the code element's text is the code, highlighting only adds spans).
 */
export function copyCodeOnClick(root: HTMLElement): () => void {
	const onClick = (event: MouseEvent): void => {
		const button = event.target instanceof Element ? event.target.closest('button[data-md-copy]') : null;
		if (!(button instanceof HTMLButtonElement) || !root.contains(button)) return;
		const code = button.closest('.md-code')?.querySelector('pre > code')?.textContent ?? '';
		void copyText(code).then((copied) => {
			if (copied) showCopied(button);
		});
	};
	root.addEventListener('click', onClick);
	return () => root.removeEventListener('click', onClick);
}
