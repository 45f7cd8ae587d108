// The bytes of a conversation's images, for exports "with images" (decision 0024): base64,
// keyed by attachment id. Markdown and CSV carry them as data URLs, PDF draws them, and
// Atrium JSON stores each once in its `blobs` map (keyed by SHA-256), which imports back.
import type { AttachmentRef } from '../documents/types.ts';
import type { MessageNode } from '../conversationTree.ts';
import type { AtriumExport } from '../../protocol/exportFormat.ts';

export interface ExportImage {
	ref: AttachmentRef;
	/** The stored bytes (WebP for compressed images), base64 without a data: prefix. */
	base64: string;
}

/** Attachment id → image bytes. Absent or empty: the export is "without images". */
export type ExportImages = ReadonlyMap<string, ExportImage>;

export function dataUrl(image: ExportImage): string {
	return `data:${image.ref.mimeType};base64,${image.base64}`;
}

/** The image attachments of `messages`, in message order, each once. */
export function imageRefs(messages: readonly MessageNode[]): AttachmentRef[] {
	const seen = new Set<string>();
	const refs: AttachmentRef[] = [];
	for (const node of messages) {
		for (const ref of node.attachments ?? []) {
			if (ref.kind !== 'image' || seen.has(ref.id)) continue;
			seen.add(ref.id);
			refs.push(ref);
		}
	}
	return refs;
}

/** The `blobs` map of Atrium JSON: each image's bytes once, keyed by its SHA-256. */
export function exportBlobs(images: ExportImages): NonNullable<AtriumExport['blobs']> {
	const blobs: NonNullable<AtriumExport['blobs']> = {};
	for (const { ref, base64 } of images.values()) blobs[ref.sha256] = { mimeType: ref.mimeType, base64 };
	return blobs;
}

/** How a message's files read in text exports: images inline when their bytes are there. */
export function attachmentLines(node: MessageNode, images: ExportImages | undefined): string[] {
	return (node.attachments ?? []).map((ref) => {
		const image = ref.kind === 'image' ? images?.get(ref.id) : undefined;
		return image ? `![${ref.name.replace(/[[\]]/g, '')}](${dataUrl(image)})` : `_Attached: ${ref.name}_`;
	});
}
