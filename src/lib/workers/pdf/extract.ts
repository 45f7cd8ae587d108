// Reads a PDF page by page inside a worker with pdf.js (its parser runs in this same
// worker: no nested worker). Each page's text is taken, then the page is released, so
// memory holds the file and one page at a time. A page without a text layer (a scan) is
// drawn to an OffscreenCanvas and handed to `ocr`, one page at a time as well.
import { getDocument, type PDFDocumentProxy, type PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import * as pdfjsWorker from 'pdfjs-dist/legacy/build/pdf.worker.mjs';
import type { PageText } from '../../core/documents/types.ts';
import { NoFilterFactory, OffscreenCanvasFactory } from './offscreen.ts';

// pdf.js looks for this global and, when present, parses on the calling thread.
(globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = pdfjsWorker;

export interface PdfProgress {
	page: number;
	pages: number;
	phase: 'text' | 'ocr';
}

export type PdfFailure = { ok: false; code: 'password' | 'corrupt' | 'failed'; message: string };
export type PdfResult =
	| { ok: true; pageCount: number; pages: PageText[]; ocrPages: number[]; unreadPages: number[]; sha256: string }
	| PdfFailure;

export interface ExtractOptions {
	onProgress?: (progress: PdfProgress) => void;
	/** Reads the text in a page image; absent: scanned pages are reported unread. */
	ocr?: (image: Blob, page: number) => Promise<string>;
	/** A page with fewer letters than this is treated as scanned. */
	minTextChars?: number;
}

/** Longest side of a page drawn for OCR (about 250 dpi for A4). */
const OCR_SIDE = 2800;

export async function extractPdf(data: ArrayBuffer, options: ExtractOptions = {}): Promise<PdfResult> {
	const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
	const sha256 = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
	let document: PDFDocumentProxy;
	const task = getDocument({
		data: new Uint8Array(data),
		useSystemFonts: false,
		disableFontFace: true,
		useWorkerFetch: false,
		stopAtErrors: false,
		// Errors only: the missing standard fonts matter when drawing text, never here.
		verbosity: 0,
		CanvasFactory: OffscreenCanvasFactory,
		FilterFactory: NoFilterFactory
	});
	// No `onPassword`: a protected file then rejects with PasswordException, explained below.
	try {
		document = await task.promise;
	} catch (error) {
		return failure(error);
	}
	const pageCount = document.numPages;
	const pages: PageText[] = [];
	const ocrPages: number[] = [];
	const unreadPages: number[] = [];
	try {
		for (let number = 1; number <= pageCount; number++) {
			options.onProgress?.({ page: number, pages: pageCount, phase: 'text' });
			const page = await document.getPage(number);
			try {
				const text = await pageText(page);
				if (letters(text) >= (options.minTextChars ?? 16)) {
					pages.push({ page: number, text });
					continue;
				}
				if (!options.ocr) {
					unreadPages.push(number);
					if (text.trim()) pages.push({ page: number, text });
					continue;
				}
				options.onProgress?.({ page: number, pages: pageCount, phase: 'ocr' });
				const image = await drawPage(page);
				const read = (await options.ocr(image, number)).trim();
				if (read) {
					pages.push({ page: number, text: read, ocr: true });
					ocrPages.push(number);
				} else {
					unreadPages.push(number);
				}
			} finally {
				page.cleanup();
			}
		}
	} catch (error) {
		return failure(error);
	} finally {
		await task.destroy();
	}
	return { ok: true, pageCount, pages, ocrPages, unreadPages, sha256 };
}

function letters(text: string): number {
	return (text.match(/[\p{L}\p{N}]/gu) ?? []).length;
}

async function pageText(page: PDFPageProxy): Promise<string> {
	const content = await page.getTextContent();
	let text = '';
	for (const item of content.items) {
		if (!('str' in item)) continue;
		text += item.str;
		if (item.hasEOL) text += '\n';
		else if (item.str && !item.str.endsWith(' ')) text += ' ';
	}
	return text;
}

async function drawPage(page: PDFPageProxy): Promise<Blob> {
	const base = page.getViewport({ scale: 1 });
	const viewport = page.getViewport({ scale: Math.min(4, OCR_SIDE / Math.max(base.width, base.height)) });
	const canvas = new OffscreenCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
	const context = canvas.getContext('2d', { alpha: false });
	if (!context) throw new Error('No 2D canvas in this worker.');
	context.fillStyle = '#fff';
	context.fillRect(0, 0, canvas.width, canvas.height);
	// pdf.js types name a DOM canvas; an OffscreenCanvas context draws the same way.
	await page.render({ canvasContext: context as unknown as CanvasRenderingContext2D, canvas: null, viewport }).promise;
	const blob = await canvas.convertToBlob({ type: 'image/png' });
	canvas.width = canvas.height = 0;
	return blob;
}

function failure(error: unknown): PdfFailure {
	const name = error instanceof Error || (typeof error === 'object' && error !== null) ? (error as { name?: string }).name : undefined;
	if (name === 'PasswordException' || (error instanceof Error && /password/i.test(error.message))) {
		return { ok: false, code: 'password', message: 'This PDF is protected by a password. Remove the password (for example by printing it to a new PDF) and attach it again.' };
	}
	if (name === 'InvalidPDFException' || name === 'FormatError' || name === 'UnknownErrorException') {
		return { ok: false, code: 'corrupt', message: 'This file is not a readable PDF: it is damaged or not a PDF at all.' };
	}
	return {
		ok: false,
		code: 'failed',
		message: `This PDF could not be read (${error instanceof Error ? error.message : String(error)}).`
	};
}
