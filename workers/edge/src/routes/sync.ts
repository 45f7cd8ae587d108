// /api/sync: a signed-in user's devices push operations to, and pull them from, the
// user's Space Durable Object (one per user id). Bodies are size-limited and validated
// against the shared protocol before the Space sees them.
import { Hono } from 'hono';
import {
	blobCheckRequestSchema,
	MAX_PUSH_BODY_BYTES,
	pullQuerySchema,
	pushRequestSchema,
	type BlobCheckResponse,
	type PullResponse,
	type PushResponse
} from '../../../../src/lib/protocol/ops.ts';
import { requireSession, withSession, type AuthContext, type AuthHono } from '../auth/authContext.ts';
import { requireSameOrigin } from '../auth/sameOrigin.ts';
import { HttpError } from '../errors.ts';
import { parseBody, readBodyBytes, readJsonBody } from '../requestBody.ts';
import { recordStorage } from '../quota/storage.ts';
import { spaceFor } from '../space/accountSection.ts';
import { blobTypeHeaders } from '../space/blobMediaType.ts';
import { MAX_BLOB_BYTES, r2BlobStore, sha256Hex } from '../space/blobStore.ts';

const SHA256_HEX = /^[0-9a-f]{64}$/;

function blobAddress(c: AuthContext): { owner: string; sha256: string } {
	const { user } = requireSession(c);
	const sha256 = c.req.param('sha256') ?? '';
	if (!SHA256_HEX.test(sha256)) throw new HttpError('invalid_request', 'A blob address is the lowercase hex SHA-256 of its bytes (64 characters).');
	return { owner: user.id, sha256 };
}

function spaceOf(c: AuthContext) {
	return spaceFor(c.env, requireSession(c).user.id);
}

/** Reports what sync now holds for the user (usage dashboard), after the answer is sent. */
function reportStorage(c: AuthContext, source: 'sync' | 'sync_blobs', measure: () => Promise<number>): void {
	const userId = requireSession(c).user.id;
	c.executionCtx.waitUntil(
		measure()
			.then((bytes) => recordStorage(c.env.DB, userId, source, bytes))
			.catch((error: unknown) => console.error('recording sync storage failed', error))
	);
}

export const syncRoutes = new Hono<AuthHono>()
	.use(requireSameOrigin(), withSession())
	.post('/push', async (c) => {
		const space = spaceOf(c);
		const { ops } = parseBody(pushRequestSchema, await readJsonBody(c.req.raw, MAX_PUSH_BODY_BYTES, 'send { ops: [...] } as JSON'));
		const ids = new Set(ops.map((op) => op.id));
		if (ids.size !== ops.length) throw new HttpError('invalid_request', 'Invalid ops: the same op id appears twice in one push.');
		const acks = await space.push(ops);
		if (acks.some((ack) => !ack.duplicate)) reportStorage(c, 'sync', () => space.size());
		return c.json({ acks } satisfies PushResponse);
	})
	.get('/pull', async (c) => {
		const space = spaceOf(c);
		const { cursor, limit } = parseBody(pullQuerySchema, c.req.query());
		const result = await space.pull(cursor, limit);
		if (!result.ok) {
			throw new HttpError(
				'invalid_request',
				`Cursor ${cursor} is ahead of this account's sync log (which ends at ${result.head}): pull again from 0.`,
				{ status: 409 }
			);
		}
		return c.json({ ops: result.ops, cursor: result.cursor, more: result.more } satisfies PullResponse);
	})
	// Which blobs this user already has: a device uploads only the others. Answers in the
	// request's order and never echoes an address, so it says nothing of anyone else's store.
	.post('/blobs/check', async (c) => {
		const { user } = requireSession(c);
		const { sha256 } = parseBody(blobCheckRequestSchema, await readJsonBody(c.req.raw, 64_000, 'send { sha256: [...] } as JSON'));
		const store = r2BlobStore(c.env.BLOBS);
		const present = await Promise.all(sha256.map((hash) => store.has(user.id, hash)));
		return c.json({ present } satisfies BlobCheckResponse);
	})
	.put('/blobs/:sha256', async (c) => {
		const { owner, sha256 } = blobAddress(c);
		const bytes = await readBodyBytes(c.req.raw, MAX_BLOB_BYTES, "send the attachment's bytes");
		if ((await sha256Hex(bytes)) !== sha256) {
			throw new HttpError('invalid_request', "The bytes do not match the blob's address: their SHA-256 differs.");
		}
		const store = r2BlobStore(c.env.BLOBS);
		if (!(await store.has(owner, sha256))) {
			await store.put(owner, sha256, bytes, c.req.header('Content-Type') ?? 'application/octet-stream');
			reportStorage(c, 'sync_blobs', async () => (await store.list(owner)).reduce((total, blob) => total + blob.size, 0));
		}
		return c.body(null, 204);
	})
	.get('/blobs/:sha256', async (c) => {
		const { owner, sha256 } = blobAddress(c);
		const blob = await r2BlobStore(c.env.BLOBS).get(owner, sha256);
		if (!blob) throw new HttpError('not_found', 'No such blob in this account: upload it first.');
		// Content-addressed: the bytes at this address never change.
		return c.body(blob.body, 200, {
			// An allowlisted type, never sniffed; anything else (blobs stored before the allowlist
			// included) a download (space/blobMediaType.ts).
			...blobTypeHeaders(blob.mediaType),
			'Content-Length': String(blob.size),
			'Cache-Control': 'private, max-age=31536000, immutable'
		});
	});
