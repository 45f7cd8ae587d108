// Recognises "the browser's storage is full" in whatever shape IndexedDB and Dexie report
// it, so the UI can say what to do instead of showing a raw DOMException.

/** What the user sees when a write fails for lack of space. A failed write is rolled back. */
export const STORAGE_FULL_MESSAGE =
	'Browser storage is full — delete old conversations or free space; nothing stored was lost.';

// DOMException's legacy code for QuotaExceededError; Firefox's older name for the same.
const QUOTA_CODE = 22;
const QUOTA_NAMES = new Set(['QuotaExceededError', 'NS_ERROR_DOM_QUOTA_REACHED']);

/**
 * True when `error` is, or wraps, a quota failure: a DOMException, Dexie's
 * `QuotaExceededError`, or a Dexie `AbortError`/`BulkError`/`ModifyError` whose `inner`,
 * `cause` or `failures` hold one.
 */
export function isQuotaExceeded(error: unknown, depth = 0): boolean {
	if (depth > 5 || typeof error !== 'object' || error === null) return false;
	const { name, code, inner, cause, failures } = error as {
		name?: unknown;
		code?: unknown;
		inner?: unknown;
		cause?: unknown;
		failures?: unknown;
	};
	if (typeof name === 'string' && QUOTA_NAMES.has(name)) return true;
	if (error instanceof DOMException && code === QUOTA_CODE) return true;
	if (isQuotaExceeded(inner, depth + 1) || isQuotaExceeded(cause, depth + 1)) return true;
	const nested = Array.isArray(failures) ? failures : failures && typeof failures === 'object' ? Object.values(failures) : [];
	return nested.some((failure) => isQuotaExceeded(failure, depth + 1));
}

/** The user-facing message for a storage failure, or null when `error` is something else. */
export function storageErrorMessage(error: unknown): string | null {
	return isQuotaExceeded(error) ? STORAGE_FULL_MESSAGE : null;
}
