// Reads the image bytes an export "with images" carries, from IndexedDB (decision 0024).
import { imageRefs, type ExportImage } from '$lib/core/export/images.ts';
import type { MessageNode } from '$lib/core/conversationTree.ts';
import type { AtriumDatabase } from '$lib/db/database.ts';
import { blobToBase64 } from '$lib/features/attachments/base64.ts';

export interface LoadedImages {
	images: Map<string, ExportImage>;
	/** Names of images whose bytes are not on this device (synced references). */
	missing: string[];
}

export async function loadExportImages(db: AtriumDatabase, messages: readonly MessageNode[]): Promise<LoadedImages> {
	const refs = imageRefs(messages);
	const records = await db.attachments.bulkGet(refs.map((ref) => ref.id));
	const images = new Map<string, ExportImage>();
	const missing: string[] = [];
	for (const [i, ref] of refs.entries()) {
		const record = records[i];
		if (record) images.set(ref.id, { ref, base64: await blobToBase64(record.blob) });
		else missing.push(ref.name);
	}
	return { images, missing };
}
