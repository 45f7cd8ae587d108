// Export "with images" → import, through IndexedDB (fake-indexeddb) on both ends: the images
// come back byte for byte under their messages; without images they are left out. And a PDF
// with images embeds them.
import 'fake-indexeddb/auto';
import { deflateSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MessageNode } from '$lib/core/conversationTree.ts';
import type { AttachmentRef } from '$lib/core/documents/types.ts';
import { parseImportText } from '$lib/core/import/parseImport.ts';
import { AtriumDatabase } from '$lib/db/database.ts';
import { applyImport, loadConversationForExport } from '$lib/db/transfer.ts';
import { exportConversation } from './exportFiles.ts';
import { loadExportImages } from './exportImages.ts';

/** A real 2×2 RGB PNG. */
function png(): Uint8Array<ArrayBuffer> {
	const crcTable = Array.from({ length: 256 }, (_, n) => {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		return c >>> 0;
	});
	const crc = (bytes: Buffer) => {
		let c = 0xffffffff;
		for (const b of bytes) c = (crcTable[(c ^ b) & 0xff] as number) ^ (c >>> 8);
		return (c ^ 0xffffffff) >>> 0;
	};
	const chunk = (type: string, data: Buffer) => {
		const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
		const out = Buffer.alloc(8 + data.length + 4);
		out.writeUInt32BE(data.length, 0);
		body.copy(out, 4);
		out.writeUInt32BE(crc(body), 8 + data.length);
		return out;
	};
	const header = Buffer.alloc(13);
	header.writeUInt32BE(2, 0);
	header.writeUInt32BE(2, 4);
	header.set([8, 2, 0, 0, 0], 8);
	const rows = Buffer.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 255]);
	const file = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
	return new Uint8Array(file);
}

const bytes = png();
const ref: AttachmentRef = { id: 'img-1', kind: 'image', name: 'dot.png', mimeType: 'image/png', size: bytes.length, sha256: 'sha-dot', width: 2, height: 2 };
const t0 = Date.UTC(2025, 0, 1);
const messages: MessageNode[] = [
	{ id: 'u1', conversationId: 'c1', parentId: null, role: 'user', content: 'What colour?', status: 'complete', createdAt: t0, updatedAt: t0, attachments: [ref] },
	{ id: 'a1', conversationId: 'c1', parentId: 'u1', role: 'assistant', content: 'Red and blue.', status: 'complete', createdAt: t0 + 1, updatedAt: t0 + 1 }
];

let source: AtriumDatabase;
let target: AtriumDatabase;
beforeEach(async () => {
	source = new AtriumDatabase(`src-${crypto.randomUUID()}`);
	target = new AtriumDatabase(`dst-${crypto.randomUUID()}`);
	await source.conversations.add({ id: 'c1', title: 'Colours', titleSource: 'user', systemPrompt: '', model: null, currentLeafId: 'a1', createdAt: t0, updatedAt: t0, messageCount: 2 });
	await source.messages.bulkAdd(messages);
	await source.attachments.add({ ...ref, conversationId: 'c1', messageId: 'u1', blob: new Blob([bytes], { type: 'image/png' }), originalSize: bytes.length, createdAt: t0 });
});
afterEach(async () => {
	await Promise.all([source.delete(), target.delete()]);
});

async function exportJson(withImages: boolean): Promise<string> {
	const conversation = await loadConversationForExport(source, 'c1');
	if (!conversation) throw new Error('missing');
	const images = withImages ? (await loadExportImages(source, conversation.messages)).images : undefined;
	const file = await exportConversation('json', conversation, messages, true, images);
	return file.blob.text();
}

describe('images round-trip through export and import', () => {
	it('comes back byte for byte, under the same message, with a thumbnail', async () => {
		const summary = await applyImport(target, parseImportText(await exportJson(true)));
		expect(summary).toMatchObject({ imported: 1, messages: 2 });
		const [record] = await target.attachments.toArray();
		expect(record).toMatchObject({ id: 'img-1', conversationId: 'c1', messageId: 'u1', kind: 'image', name: 'dot.png', sha256: 'sha-dot', mimeType: 'image/png' });
		expect(new Uint8Array(await (record?.blob as Blob).arrayBuffer())).toEqual(bytes);
		expect(record?.thumbnail?.size).toBe(bytes.length);
		expect((await target.messages.get('u1'))?.attachments?.map((a) => a.id)).toEqual(['img-1']);
	});

	it('imported again as a copy, the image gets a new id on the copied message', async () => {
		const text = await exportJson(true);
		await applyImport(target, parseImportText(text));
		await applyImport(target, parseImportText(text), 'copy');
		const records = await target.attachments.toArray();
		expect(records).toHaveLength(2);
		const copy = records.find((r) => r.id !== 'img-1');
		const copiedMessage = await target.messages.get(copy?.messageId ?? '');
		expect(copiedMessage?.content).toBe('What colour?');
		expect(copiedMessage?.attachments?.[0]?.id).toBe(copy?.id);
		expect(copy?.conversationId).not.toBe('c1');
	});

	it('without images, nothing is stored and the import says so', async () => {
		const plan = parseImportText(await exportJson(false));
		expect(plan.warnings[0]).toMatch(/^1 attachment left out/);
		await applyImport(target, plan);
		expect(await target.attachments.count()).toBe(0);
	});

	it('a PDF export with images embeds them', async () => {
		const conversation = await loadConversationForExport(source, 'c1');
		if (!conversation) throw new Error('missing');
		const { images } = await loadExportImages(source, messages);
		const pdf = await (await exportConversation('pdf', conversation, messages, true, images)).blob.arrayBuffer();
		const text = new TextDecoder('latin1').decode(pdf);
		expect(text.match(/\/Subtype \/Image/g)).toHaveLength(1);
		const plain = new TextDecoder('latin1').decode(await (await exportConversation('pdf', conversation, messages, true)).blob.arrayBuffer());
		expect(plain).not.toContain('/Subtype /Image');
		expect(plain).toContain('[Attached: dot.png]');
	});
});
