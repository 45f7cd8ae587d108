// Exports "with images" in every text format, and Atrium JSON's round trip back to a plan.
import { describe, expect, it } from 'vitest';
import type { MessageNode } from '../conversationTree.ts';
import type { AttachmentRef } from '../documents/types.ts';
import { parseImportText } from '../import/parseImport.ts';
import { serializeAtriumExport, toAtriumExport } from './atriumJson.ts';
import { toCsv } from './csv.ts';
import type { ExportImage } from './images.ts';
import { toMarkdown } from './markdown.ts';
import { toPdfDocument } from './pdfDocument.ts';
import type { ConversationRecord } from './types.ts';

const t0 = Date.UTC(2024, 4, 1, 10, 0, 0);
const conversation: ConversationRecord = { id: 'c1', title: 'Photos', titleSource: 'user', systemPrompt: '', model: null, currentLeafId: 'a1', createdAt: t0, updatedAt: t0 };
const bytes = Uint8Array.from([0x52, 0x49, 0x46, 0x46, 1, 2, 3, 250, 251, 252]);
const base64 = Buffer.from(bytes).toString('base64');
const photo: AttachmentRef = { id: 'f1', kind: 'image', name: 'beach [1].webp', mimeType: 'image/webp', size: bytes.length, sha256: 'aa11', width: 800, height: 600 };
const pdf: AttachmentRef = { id: 'f2', kind: 'pdf', name: 'report.pdf', mimeType: 'application/pdf', size: 99, sha256: 'bb22', pages: 3 };
const messages: MessageNode[] = [
	{ id: 'u1', conversationId: 'c1', parentId: null, role: 'user', content: 'Look', status: 'complete', createdAt: t0, updatedAt: t0, attachments: [photo, pdf] },
	{ id: 'a1', conversationId: 'c1', parentId: 'u1', role: 'assistant', content: 'Nice', status: 'complete', createdAt: t0 + 1, updatedAt: t0 + 1 }
];
const images = new Map<string, ExportImage>([['f1', { ref: photo, base64 }]]);

describe('exports with and without images', () => {
	it('Markdown embeds images as data URLs and names other files', () => {
		const withImages = toMarkdown(conversation, messages, images);
		expect(withImages).toContain(`![beach 1.webp](data:image/webp;base64,${base64})`);
		expect(withImages).toContain('_Attached: report.pdf_');
		const without = toMarkdown(conversation, messages);
		expect(without).not.toContain('data:image');
		expect(without).toContain('_Attached: beach [1].webp_');
	});

	it('CSV has attachment names and, with images, their data URLs', () => {
		const [header, first, second] = toCsv(messages, images).split('\r\n');
		expect(header?.endsWith(',content,attachments,images')).toBe(true);
		expect(first?.endsWith(`,Look,beach [1].webp; report.pdf,"data:image/webp;base64,${base64}"`)).toBe(true);
		expect(second?.endsWith(',Nice,,')).toBe(true);
		expect(toCsv(messages).split('\r\n')[1]?.endsWith(',Look,beach [1].webp; report.pdf,')).toBe(true);
	});

	it('PDF places images under their message and names the rest', () => {
		const spec = toPdfDocument(conversation, messages, images);
		expect(spec.sections[0]).toMatchObject({ body: 'Look\n[Attached: report.pdf]', images: [{ key: 'f1', width: 800, height: 600 }] });
		expect(toPdfDocument(conversation, messages).sections[0]?.images).toBeUndefined();
	});

	it('Atrium JSON with images imports back with the same bytes; without, they are left out', () => {
		const withImages = parseImportText(serializeAtriumExport(toAtriumExport([{ conversation, messages }], t0, images)));
		expect(withImages.files).toHaveLength(1);
		const [file] = withImages.files ?? [];
		expect(file).toMatchObject({ conversationId: 'c1', messageId: 'u1', ref: { id: 'f1', kind: 'image', name: 'beach [1].webp', mimeType: 'image/webp', sha256: 'aa11' } });
		expect([...(file?.bytes ?? [])]).toEqual([...bytes]);
		expect(withImages.conversations[0]?.messages[0]?.attachments?.map((a) => a.id)).toEqual(['f1']);
		expect(withImages.warnings).toEqual([expect.stringMatching(/^1 attachment left out: only images exported “with images” come back/)]);

		const without = parseImportText(serializeAtriumExport(toAtriumExport([{ conversation, messages }], t0)));
		expect(without.files).toBeUndefined();
		expect(without.conversations[0]?.messages[0]?.attachments).toBeUndefined();
		expect(without.warnings[0]).toMatch(/^2 attachments left out/);
	});

	it('refuses a file whose image bytes are not base64, whole', () => {
		const data = toAtriumExport([{ conversation, messages }], t0, images);
		data.blobs = { aa11: { mimeType: 'image/webp', base64: 'not*base64' } };
		expect(() => parseImportText(JSON.stringify(data))).toThrow('blobs["aa11"].base64: not base64.');
	});
});
