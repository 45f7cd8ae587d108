// How a Gemini connection's base URL is read: `https://host/v1beta` → base and API version.
// Kept apart from gemini.ts so callers that load the SDK lazily (transcription) can use it.

/** Splits a trailing API version off a Gemini base URL; v1beta when there is none. */
export function splitGeminiBase(raw: string | undefined): { baseUrl?: string; apiVersion: string } {
	const trimmed = raw?.trim().replace(/\/+$/, '');
	if (!trimmed) return { apiVersion: 'v1beta' };
	const match = /^(.*?)\/(v1|v1beta|v1alpha)$/.exec(trimmed);
	return match ? { baseUrl: match[1], apiVersion: match[2] ?? 'v1beta' } : { baseUrl: trimmed, apiVersion: 'v1beta' };
}
