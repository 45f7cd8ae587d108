// Where to go once a new account is verified: a page that sent the visitor to sign up (an
// invite) asks to be returned to. Kept in localStorage because the verification link is
// usually opened from the mail client in another tab of the same browser; it expires after
// a day and only ever names a path of this app.

const KEY = 'atrium:return-after-sign-up';
const MAX_AGE_MS = 24 * 60 * 60 * 1000;

interface Stored {
	path: string;
	at: number;
}

/** Whether `path` is a path of this app (not another origin, not a protocol-relative URL). */
function isAppPath(path: string): boolean {
	return path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\');
}

/** Asks to come back to `path` (a path with its query and fragment) after the next sign-up is verified. */
export function returnAfterSignUp(path: string, storage: Storage = localStorage, now = Date.now()): void {
	if (!isAppPath(path)) return;
	try {
		storage.setItem(KEY, JSON.stringify({ path, at: now } satisfies Stored));
	} catch {
		// Storage full or blocked: the page says how to come back by hand.
	}
}

/** The path to return to, once (it is forgotten); undefined when none, too old, or not an app path. */
export function takeReturnAfterSignUp(storage: Storage = localStorage, now = Date.now()): string | undefined {
	let stored: unknown;
	try {
		stored = JSON.parse(storage.getItem(KEY) ?? 'null');
		storage.removeItem(KEY);
	} catch {
		return undefined;
	}
	if (typeof stored !== 'object' || stored === null) return undefined;
	const { path, at } = stored as Partial<Stored>;
	if (typeof path !== 'string' || typeof at !== 'number' || now - at > MAX_AGE_MS || now < at) return undefined;
	return isAppPath(path) ? path : undefined;
}
