// Attachments across two devices (two IndexedDB databases) through an in-memory Space and
// blob store: bytes are uploaded once, before the op that names them; the other device
// shows the file at once, fetches its thumbnail eagerly and the full image on demand, and
// keeps a failed download's reason until a retry succeeds.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MessageNode } from '../core/conversationTree.ts';
import { sha256Hex } from '../core/contentHash.ts';
import type { AttachmentRef } from '../core/documents/types.ts';
import { appendMessage, createConversation, deleteConversation } from '../db/conversations.ts';
import { applyImport } from '../db/transfer.ts';
import { AtriumDatabase } from '../db/database.ts';
import { storeWithMessage } from '../features/attachments/store.ts';
import type { ReadyAttachment } from '../features/attachments/types.ts';
import { MAX_BLOB_BYTES } from '../protocol/ops.ts';
import { enableSync } from './opClock.ts';
import { MemorySpace } from './memorySpace.testing.ts';
import { fetchRemoteFile, retryDelay, retryRemoteFile } from './remoteFiles.ts';
import { SyncError } from './syncApi.ts';
import { Syncer } from './syncer.svelte.ts';

let space: MemorySpace;
let dbs: AtriumDatabase[];

async function device() {
	const db = new AtriumDatabase(`blobs-${crypto.randomUUID()}`);
	dbs.push(db);
	await enableSync(db);
	const syncer = new Syncer({ db, userId: 'u1', api: space.api() });
	return { db, syncer };
}

async function image(name: string, bytes: string): Promise<ReadyAttachment> {
	const blob = new Blob([bytes], { type: 'image/webp' });
	const thumbnail = new Blob([`thumb of ${bytes}`], { type: 'image/webp' });
	const ref: AttachmentRef = { id: crypto.randomUUID(), kind: 'image', name, mimeType: 'image/webp', size: blob.size, sha256: await sha256Hex(blob), width: 640, height: 480 };
	return { ref, blob, thumbnail, originalSize: blob.size * 3 };
}

/** Sends a user message with `files` the way the chat session stores one. */
async function sendWithFiles(db: AtriumDatabase, conversationId: string, files: ReadyAttachment[]): Promise<MessageNode> {
	const node: MessageNode = {
		id: crypto.randomUUID(),
		conversationId,
		parentId: null,
		role: 'user',
		content: 'look',
		status: 'complete',
		createdAt: 1,
		updatedAt: 1,
		attachments: files.map((file) => file.ref)
	};
	await storeWithMessage(db, files, { conversationId, messageId: node.id }, () => appendMessage(db, node));
	return node;
}

const text = (blob: Blob | undefined) => blob?.text();

beforeEach(() => {
	space = new MemorySpace();
	dbs = [];
});
afterEach(async () => {
	for (const db of dbs) await db.delete();
});

describe('attachments sync as content-addressed blobs', () => {
	it('uploads bytes and thumbnail before the op; the other device shows the file, its thumbnail, then the full image', async () => {
		const a = await device();
		const b = await device();
		const conversation = await createConversation(a.db, { title: 'photos' });
		const photo = await image('beach.webp', 'beach bytes');
		const sent = await sendWithFiles(a.db, conversation.id, [photo]);
		await a.syncer.syncNow();

		const thumbSha = await sha256Hex(photo.thumbnail!);
		expect(space.events).toEqual([`put ${photo.ref.sha256.slice(0, 8)}`, `put ${thumbSha.slice(0, 8)}`, `op ${photo.ref.sha256.slice(0, 8)}`]);

		await b.syncer.syncNow();
		const message = await b.db.messages.get(sent.id);
		expect(message?.attachments).toEqual([photo.ref]);
		// Thumbnail eagerly, the full image not yet.
		const row = await b.db.remoteFiles.get(photo.ref.id);
		expect(await text(row?.thumbnailBlob)).toBe('thumb of beach bytes');
		expect(await b.db.attachments.get(photo.ref.id)).toBeUndefined();
		expect(space.events.filter((event) => event.startsWith('get'))).toEqual([`get ${thumbSha.slice(0, 8)}`]);

		expect(await fetchRemoteFile(b.db, space.api().getBlob, photo.ref.id)).toBe(true);
		const stored = await b.db.attachments.get(photo.ref.id);
		expect(stored).toMatchObject({ ...photo.ref, conversationId: conversation.id, messageId: sent.id });
		expect(await text(stored?.blob)).toBe('beach bytes');
		expect(await text(stored?.thumbnail)).toBe('thumb of beach bytes');
		expect(await b.db.remoteFiles.count()).toBe(0);

		// Applying the same ops again (a pull from 0) changes nothing.
		await b.db.settings.put({ key: 'sync.cursor:u1', value: 0 });
		await b.syncer.syncNow();
		expect((await b.db.messages.get(sent.id))?.attachments).toEqual([photo.ref]);
		expect(await b.db.remoteFiles.count()).toBe(0);
		// The sending device's own op does not make a placeholder of its own file.
		await a.syncer.syncNow();
		expect(await a.db.remoteFiles.count()).toBe(0);
		expect((await a.db.messages.get(sent.id))?.attachments).toEqual([photo.ref]);
	});

	it('uploads a blob the server already has only once, whichever message or device sends it', async () => {
		const a = await device();
		const b = await device();
		const conversation = await createConversation(a.db, { title: 'twice' });
		await sendWithFiles(a.db, conversation.id, [await image('one.webp', 'same bytes')]);
		await a.syncer.syncNow();
		await b.syncer.syncNow();
		await sendWithFiles(b.db, conversation.id, [await image('again.webp', 'same bytes')]);
		await b.syncer.syncNow();
		expect(space.events.filter((event) => event.startsWith('put'))).toHaveLength(2);
		expect(space.events.filter((event) => event.startsWith('op'))).toHaveLength(2);
	});

	it('keeps the op and its bytes queued while offline and sends them when back', async () => {
		const a = await device();
		const conversation = await createConversation(a.db, { title: 'offline' });
		space.online = false;
		await sendWithFiles(a.db, conversation.id, [await image('late.webp', 'late bytes')]);
		await a.syncer.syncNow();
		expect(a.syncer.status).toBe('offline');
		expect(space.blobs.size).toBe(0);
		expect(space.log).toEqual([]);
		space.online = true;
		await a.syncer.syncNow();
		expect(space.blobs.size).toBe(2);
		expect(space.log.some((op) => op.type === 'blob.attach')).toBe(true);
		expect(await a.db.outbox.count()).toBe(0);
	});

	it('shows why a download failed, waits before retrying by itself, and a retry fetches it', async () => {
		const a = await device();
		const b = await device();
		const conversation = await createConversation(a.db, { title: 'flaky' });
		const photo = await image('flaky.webp', 'flaky bytes');
		await sendWithFiles(a.db, conversation.id, [photo]);
		await a.syncer.syncNow();

		const api = space.api();
		let failing = true;
		const flaky = new Syncer({
			db: b.db,
			userId: 'u1',
			api: { ...api, getBlob: (sha256) => (failing ? Promise.reject(new SyncError('server', 'The server answered 503.')) : api.getBlob(sha256)) }
		});
		await flaky.syncNow();
		expect(flaky.status).toBe('idle');
		const failed = await b.db.remoteFiles.get(photo.ref.id);
		expect(failed?.error).toMatch(/Could not download “flaky.webp”: The server answered 503/);
		expect(failed?.attempts).toBe(1);
		expect(failed?.retryAt).toBeGreaterThan(Date.now() + retryDelay(1) - 5_000);

		failing = false;
		await flaky.syncNow();
		expect((await b.db.remoteFiles.get(photo.ref.id))?.thumbnailBlob).toBeUndefined();
		await retryRemoteFile(b.db, api.getBlob, photo.ref.id, false);
		const retried = await b.db.remoteFiles.get(photo.ref.id);
		expect(retried?.error).toBeUndefined();
		expect(await text(retried?.thumbnailBlob)).toMatch(/thumb of flaky bytes/);
	});

	it('refuses bytes that do not match their address', async () => {
		const a = await device();
		const b = await device();
		const conversation = await createConversation(a.db, { title: 'tampered' });
		const photo = await image('x.webp', 'real bytes');
		await sendWithFiles(a.db, conversation.id, [photo]);
		await a.syncer.syncNow();
		space.blobs.set(photo.ref.sha256, new Blob(['other bytes']));
		await b.syncer.syncNow();
		expect(await fetchRemoteFile(b.db, space.api().getBlob, photo.ref.id)).toBe(false);
		expect((await b.db.remoteFiles.get(photo.ref.id))?.error).toMatch(/not the file that was attached/);
		expect(await b.db.attachments.get(photo.ref.id)).toBeUndefined();
	});

	it('keeps a file over the size limit on this device only, and syncs its message', async () => {
		const a = await device();
		const conversation = await createConversation(a.db, { title: 'big' });
		const big = await image('big.webp', 'x');
		big.blob = new Blob([new Uint8Array(MAX_BLOB_BYTES + 1)], { type: 'image/webp' });
		await sendWithFiles(a.db, conversation.id, [big]);
		await a.syncer.syncNow();
		expect(space.blobs.size).toBe(0);
		expect(space.log.some((op) => op.type === 'blob.attach')).toBe(false);
		expect(space.log.some((op) => op.type === 'message.add')).toBe(true);
		expect(await a.db.outbox.count()).toBe(0);
	});
});

describe('files stored before sync was turned on', () => {
	it('follow their conversation to the other device when sync starts', async () => {
		const db = new AtriumDatabase(`blobs-${crypto.randomUUID()}`);
		dbs.push(db);
		const conversation = await createConversation(db, { title: 'from before' });
		const photo = await image('old.webp', 'old bytes');
		const sent = await sendWithFiles(db, conversation.id, [photo]);
		await enableSync(db);
		await new Syncer({ db, userId: 'u1', api: space.api() }).syncNow();
		expect(space.blobs.has(photo.ref.sha256)).toBe(true);

		const b = await device();
		await b.syncer.syncNow();
		expect((await b.db.messages.get(sent.id))?.attachments).toEqual([photo.ref]);
		expect(await text((await b.db.remoteFiles.get(photo.ref.id))?.thumbnailBlob)).toBe('thumb of old bytes');
	});
});

describe('a conversation deleted on the receiving device', () => {
	it('stops its files from being fetched', async () => {
		const a = await device();
		const b = await device();
		const conversation = await createConversation(a.db, { title: 'gone soon' });
		const photo = await image('gone.webp', 'gone bytes');
		await sendWithFiles(a.db, conversation.id, [photo]);
		await a.syncer.syncNow();
		await b.syncer.syncNow();
		expect(await b.db.remoteFiles.count()).toBe(1);
		await deleteConversation(b.db, conversation.id);
		const gets = space.events.filter((event) => event.startsWith('get')).length;
		await b.db.remoteFiles.update(photo.ref.id, { thumbnailBlob: undefined });
		await b.syncer.syncNow();
		expect(await b.db.remoteFiles.count()).toBe(0);
		expect(space.events.filter((event) => event.startsWith('get'))).toHaveLength(gets);
	});
});

describe('a conversation imported with images while sync is on', () => {
	it('sends its images after its messages, and the other device fetches them', async () => {
		const a = await device();
		const b = await device();
		const bytes = new TextEncoder().encode('imported image bytes');
		const ref: AttachmentRef = { id: 'imported-1', kind: 'image', name: 'dot.png', mimeType: 'image/png', size: bytes.length, sha256: await sha256Hex(new Blob([bytes])), width: 2, height: 2 };
		const message: MessageNode = { id: 'imported-u1', conversationId: 'imported-c1', parentId: null, role: 'user', content: 'What colour?', status: 'complete', createdAt: 1, updatedAt: 1, attachments: [ref] };
		await applyImport(a.db, {
			format: 'atrium',
			warnings: [],
			conversations: [
				{
					source: { format: 'atrium', id: 'imported-c1' },
					conversation: { id: 'imported-c1', title: 'Colours', titleSource: 'user', systemPrompt: '', model: null, currentLeafId: message.id, createdAt: 1, updatedAt: 1 },
					messages: [message]
				}
			],
			files: [{ conversationId: 'imported-c1', messageId: message.id, ref, bytes }]
		});
		await a.syncer.syncNow();
		expect(space.events.filter((event) => event.startsWith('op'))).toEqual([`op ${ref.sha256.slice(0, 8)}`]);

		await b.syncer.syncNow();
		expect((await b.db.messages.get(message.id))?.attachments).toEqual([ref]);
		expect(await fetchRemoteFile(b.db, space.api().getBlob, ref.id)).toBe(true);
		expect(await text((await b.db.attachments.get(ref.id))?.blob)).toBe('imported image bytes');
	});
});
