// Reads PDFs off the main thread (see pdf/extract.ts). Comlink passes proxied callbacks
// only as top-level arguments, so progress and OCR come as arguments of their own.
import { expose } from 'comlink';
import { extractPdf, type ExtractOptions, type PdfResult } from './pdf/extract.ts';

export interface PdfWorkerApi {
	extractPdf(
		data: ArrayBuffer,
		onProgress: ExtractOptions['onProgress'] | undefined,
		ocr: ExtractOptions['ocr'] | undefined
	): Promise<PdfResult>;
}

expose({
	extractPdf: (data, onProgress, ocr) => extractPdf(data, { ...(onProgress ? { onProgress } : {}), ...(ocr ? { ocr } : {}) })
} satisfies PdfWorkerApi);
