// What a synced blob is stored and served as. The uploader names the type (Content-Type), and
// the bytes come back from the API's origin, so a type a browser would render as a document
// (text/html, image/svg+xml, XML…) could turn an attachment into a page. Only types that
// attachments have and that run nothing keep their name; anything else becomes an opaque
// download.
export const OPAQUE_MEDIA_TYPE = 'application/octet-stream';

export const SAFE_BLOB_MEDIA_TYPES: ReadonlySet<string> = new Set([
	'image/png',
	'image/jpeg',
	'image/webp',
	'image/gif',
	'image/avif',
	'application/pdf',
	'text/plain',
	'text/markdown',
	'text/csv',
	'application/json',
	'audio/webm',
	'audio/ogg',
	'audio/mpeg',
	'audio/mp4',
	'audio/wav',
	'video/mp4',
	'video/webm'
]);

/** The sent type's essence (no parameters, lower case) when it is on the allowlist, else octet-stream. */
export function storedMediaType(sent: string | null | undefined): string {
	const essence = (sent ?? '').split(';')[0]!.trim().toLowerCase();
	return SAFE_BLOB_MEDIA_TYPES.has(essence) ? essence : OPAQUE_MEDIA_TYPE;
}

/**
 * The type headers a blob is served with: never sniffed into something else, and anything not
 * on the allowlist downloaded as a file rather than opened.
 */
export function blobTypeHeaders(mediaType: string): Record<string, string> {
	const type = storedMediaType(mediaType);
	return {
		'Content-Type': type,
		'X-Content-Type-Options': 'nosniff',
		...(type === OPAQUE_MEDIA_TYPE ? { 'Content-Disposition': 'attachment' } : {})
	};
}
