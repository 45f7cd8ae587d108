// "Export my data" as one download (decision 0051): a zip holding the account document
// (exportData.ts) and the bytes of every attachment the user's devices uploaded, each at
// the path the document names. Written as it is read: the zip is streamed, attachment by
// attachment and chunk by chunk, so a large archive never sits in the Worker's memory.
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { z } from 'zod';
import type { BlobInfo, BlobStore } from '../space/blobStore.ts';
import type { AccountExportDocument } from './exportData.ts';

export const ARCHIVE_DOCUMENT = 'atrium-account.json';

const EXTENSIONS: Record<string, string> = {
	'image/png': '.png',
	'image/jpeg': '.jpg',
	'image/webp': '.webp',
	'image/gif': '.gif',
	'image/avif': '.avif',
	'application/pdf': '.pdf',
	'text/plain': '.txt',
	'text/markdown': '.md',
	'text/csv': '.csv',
	'application/json': '.json',
	'audio/webm': '.webm',
	'audio/mpeg': '.mp3',
	'audio/wav': '.wav'
};

/** Where an attachment's bytes are in the archive. */
export function attachmentPath(blob: Pick<BlobInfo, 'sha256' | 'mediaType'>): string {
	return `attachments/${blob.sha256}${EXTENSIONS[blob.mediaType.split(';')[0]!.trim().toLowerCase()] ?? ''}`;
}

/** The attachments the document's sync section lists, each with the path it names. */
const listedBlobsSchema = z.object({ blobs: z.array(z.object({ sha256: z.string(), file: z.string() })) });

/**
 * The archive as a stream: the document first (compressed), then each attachment its sync
 * section lists, at the path it names, as stored (images and PDFs are compressed already).
 * The document is the one list, so the archive holds exactly what it names. A blob that
 * vanished meanwhile is left out; the document still lists it.
 */
export function exportArchive(document: AccountExportDocument, store: BlobStore, owner: string): ReadableStream<Uint8Array> {
	const blobs = listedBlobsSchema.safeParse(document.data.sync);
	const ready: Uint8Array[] = [];
	let finished = false;
	let failure: Error | null = null;
	const zip = new Zip((error, chunk, final) => {
		if (error) failure = error;
		else ready.push(chunk);
		if (final) finished = true;
	});

	async function* steps(): AsyncGenerator<void> {
		const json = new ZipDeflate(ARCHIVE_DOCUMENT, { level: 6 });
		zip.add(json);
		json.push(new TextEncoder().encode(JSON.stringify(document, null, 2)), true);
		yield;
		for (const blob of blobs.success ? blobs.data.blobs : []) {
			const stored = await store.get(owner, blob.sha256);
			if (!stored) continue;
			const file = new ZipPassThrough(blob.file);
			zip.add(file);
			const reader = stored.body.getReader();
			for (let read = await reader.read(); !read.done; read = await reader.read()) {
				file.push(read.value);
				yield;
			}
			file.push(new Uint8Array(0), true);
			yield;
		}
		zip.end();
	}

	const work = steps();
	return new ReadableStream<Uint8Array>({
		async pull(controller) {
			while (ready.length === 0 && !finished && failure === null) {
				if ((await work.next()).done) break;
			}
			if (failure !== null) {
				controller.error(failure);
				return;
			}
			while (ready.length > 0) controller.enqueue(ready.shift()!);
			if (finished) controller.close();
		},
		async cancel() {
			await work.return(undefined);
		}
	});
}
