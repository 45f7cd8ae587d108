// Emailed links carry their token in the fragment (`/verify-email#token=…`). The page takes
// it once and removes it from the address bar, so it is not left on screen or in history.
import { onMount } from 'svelte';
import { on } from 'svelte/events';
import { afterNavigate, replaceState } from '$app/navigation';

export function takeLinkToken(): string | undefined {
	const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? undefined;
	if (token) replaceState(location.pathname + location.search, {});
	return token;
}

/**
 * Hands `use` the token of the link the page opened with (undefined when there is none), and
 * later that of a link pasted into this same tab: only the fragment changes then, which the
 * router does not treat as a navigation. Call while the component initialises.
 */
export function receiveLinkTokens(use: (token: string | undefined) => void): void {
	// After the first navigation rather than on mount: the router must be running to
	// rewrite the address bar.
	afterNavigate(() => use(takeLinkToken()));
	onMount(() =>
		on(window, 'hashchange', () => {
			const token = takeLinkToken();
			if (token) use(token);
		})
	);
}
