// Asking the search box for focus from anywhere (the "/" and Ctrl+K shortcuts), even when
// the search page is already open.
let requests = $state(0);

export function focusSearch(): void {
	requests++;
}

/** Read inside an effect: it re-runs on every request. */
export function focusRequests(): number {
	return requests;
}
