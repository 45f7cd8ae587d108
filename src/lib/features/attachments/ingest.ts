// Turns a picked, dropped or pasted file into a ready attachment: refused at once when its
// type or size is wrong, otherwise read in workers (images compressed, PDFs read page by
// page with OCR for scans, text checked to be text). Every failure is a sentence for the user.
import { classifyFile, refuseFile } from '../../core/documents/files.ts';
import { normalizeText } from '../../core/documents/chunking.ts';
import type { AttachmentRef } from '../../core/documents/types.ts';
import { sha256Hex } from '../../core/contentHash.ts';
import type { ReadyAttachment } from './types.ts';

export class AttachmentError extends Error {
	override readonly name = 'AttachmentError';
}

export interface IngestOptions {
	onProgress?: (text: string) => void;
	signal?: AbortSignal;
}

export async function ingestFile(file: File, options: IngestOptions = {}): Promise<ReadyAttachment> {
	const refusal = refuseFile(file);
	if (refusal) throw new AttachmentError(refusal);
	const kind = classifyFile(file);
	const id = crypto.randomUUID();
	if (kind === 'image') return ingestImage(file, id, options);
	if (kind === 'pdf') return ingestPdf(file, id, options);
	return ingestText(file, id);
}

async function ingestImage(file: File, id: string, options: IngestOptions): Promise<ReadyAttachment> {
	options.onProgress?.('Compressing…');
	const { compressInWorker } = await import('../../workers/imageClient.ts');
	let image;
	try {
		image = await compressInWorker(file);
	} catch (error) {
		const decode = error instanceof Error && /decode/i.test(error.message);
		throw new AttachmentError(
			decode
				? `“${file.name}” is an image this browser cannot open${file.type ? ` (${file.type})` : ''}. Convert it to JPEG, PNG or WebP and attach it again.`
				: `“${file.name}” could not be compressed: ${error instanceof Error ? error.message : String(error)}`
		);
	}
	const ref: AttachmentRef = {
		id,
		kind: 'image',
		name: file.name || 'image',
		mimeType: image.mimeType,
		size: image.blob.size,
		sha256: image.sha256,
		width: image.width,
		height: image.height
	};
	return { ref, blob: image.blob, thumbnail: image.thumbnail, originalSize: file.size };
}

/** Reads a PDF page by page in the PDF worker, with OCR for scanned pages. */
export async function readPdf(file: Blob, options: IngestOptions = {}) {
	const [{ readPdfInWorker }, { recognizeText }] = await Promise.all([
		import('../../workers/pdfClient.ts'),
		import('../../workers/ocrClient.ts')
	]);
	return readPdfInWorker(
		file,
		{
			onProgress: ({ page, pages, phase }) =>
				options.onProgress?.(phase === 'ocr' ? `Reading scanned page ${page} of ${pages}…` : `Page ${page} of ${pages}…`),
			ocr: (image) => recognizeText(image)
		},
		options.signal
	);
}

async function ingestPdf(file: File, id: string, options: IngestOptions): Promise<ReadyAttachment> {
	options.onProgress?.('Opening…');
	const result = await readPdf(file, options);
	if (!result.ok) throw new AttachmentError(`“${file.name}”: ${result.message}`);
	if (result.pages.length === 0) {
		throw new AttachmentError(`“${file.name}” has no text Atrium could read on any of its ${result.pageCount} pages.`);
	}
	const ref: AttachmentRef = {
		id,
		kind: 'pdf',
		name: file.name || 'document.pdf',
		mimeType: 'application/pdf',
		size: file.size,
		sha256: result.sha256,
		pages: result.pageCount
	};
	const unread = result.unreadPages.length;
	return {
		ref,
		blob: file,
		originalSize: file.size,
		pages: result.pages,
		...(unread > 0 ? { note: `${unread} page${unread === 1 ? '' : 's'} had no readable text (${result.unreadPages.slice(0, 5).join(', ')}${unread > 5 ? '…' : ''}).` } : {}),
		...(result.ocrPages.length > 0 && unread === 0 ? { note: `Text of ${result.ocrPages.length} scanned page${result.ocrPages.length === 1 ? '' : 's'} read by OCR.` } : {})
	};
}

async function ingestText(file: File, id: string): Promise<ReadyAttachment> {
	const bytes = new Uint8Array(await file.arrayBuffer());
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		throw new AttachmentError(`“${file.name}” is not UTF-8 text. Save it as UTF-8 and attach it again.`);
	}
	if (text.includes('\u0000')) throw new AttachmentError(`“${file.name}” looks like a binary file, not text.`);
	const blob = new Blob([bytes], { type: file.type || 'text/plain' });
	const ref: AttachmentRef = {
		id,
		kind: 'text',
		name: file.name || 'text.txt',
		mimeType: blob.type,
		size: blob.size,
		sha256: await sha256Hex(blob)
	};
	return { ref, blob, originalSize: file.size, pages: [{ page: null, text: normalizeText(text) }] };
}
