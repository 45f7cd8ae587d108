// Where attachment bytes live for sync: content-addressed by SHA-256 and kept per user,
// so a blob is uploaded once however many messages or devices refer to it. R2 in
// production; `wrangler dev` and the tests run R2 locally (miniflare), so one
// implementation serves every environment behind this interface.
import { encodeHexLowerCase } from '@oslojs/encoding';
import { MAX_BLOB_BYTES } from '../../../../src/lib/protocol/ops.ts';
import { OPAQUE_MEDIA_TYPE, storedMediaType } from './blobMediaType.ts';

export interface StoredBlob {
	body: ReadableStream<Uint8Array>;
	size: number;
	mediaType: string;
}

export interface BlobInfo {
	sha256: string;
	size: number;
	mediaType: string;
	uploadedAt: string;
}

export interface BlobStore {
	has(owner: string, sha256: string): Promise<boolean>;
	put(owner: string, sha256: string, bytes: Uint8Array, mediaType: string): Promise<void>;
	get(owner: string, sha256: string): Promise<StoredBlob | null>;
	/** Every blob the owner has, without the bytes. */
	list(owner: string): Promise<BlobInfo[]>;
	/** Deletes every blob the owner has. */
	deleteAll(owner: string): Promise<void>;
}

/** Largest blob one upload may carry (the protocol's limit, which the app checks too). */
export { MAX_BLOB_BYTES };

const keyOf = (owner: string, sha256: string) => `${owner}/${sha256}`;

export function r2BlobStore(bucket: R2Bucket): BlobStore {
	return {
		async has(owner, sha256) {
			return (await bucket.head(keyOf(owner, sha256))) !== null;
		},
		async put(owner, sha256, bytes, mediaType) {
			// R2 checks the bytes against the digest as well, so a corrupted upload is refused.
			// Stored as an allowlisted type or as opaque bytes (blobMediaType.ts), never as sent.
			await bucket.put(keyOf(owner, sha256), bytes, { sha256, httpMetadata: { contentType: storedMediaType(mediaType) } });
		},
		async get(owner, sha256) {
			const object = await bucket.get(keyOf(owner, sha256));
			if (!object) return null;
			return { body: object.body, size: object.size, mediaType: object.httpMetadata?.contentType ?? OPAQUE_MEDIA_TYPE };
		},
		async list(owner) {
			const found: BlobInfo[] = [];
			for await (const object of everyObject(bucket, `${owner}/`)) {
				found.push({
					sha256: object.key.slice(owner.length + 1),
					size: object.size,
					mediaType: object.httpMetadata?.contentType ?? OPAQUE_MEDIA_TYPE,
					uploadedAt: object.uploaded.toISOString()
				});
			}
			return found;
		},
		async deleteAll(owner) {
			const keys: string[] = [];
			for await (const object of everyObject(bucket, `${owner}/`)) keys.push(object.key);
			// R2 deletes at most 1,000 keys a call.
			for (let i = 0; i < keys.length; i += 1000) await bucket.delete(keys.slice(i, i + 1000));
		}
	};
}

async function* everyObject(bucket: R2Bucket, prefix: string): AsyncGenerator<R2Object> {
	let cursor: string | undefined;
	do {
		const page = await bucket.list({ prefix, include: ['httpMetadata'], ...(cursor ? { cursor } : {}) });
		yield* page.objects;
		cursor = page.truncated ? page.cursor : undefined;
	} while (cursor);
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
	return encodeHexLowerCase(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)));
}
