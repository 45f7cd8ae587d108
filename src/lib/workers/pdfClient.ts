// The main thread's way to the PDF worker. One worker per PDF: it is closed when the file
// is read, so a 500-page document's memory goes back to the system at once.
import { proxy, releaseProxy, transfer, wrap } from 'comlink';
import type { ExtractOptions, PdfResult } from './pdf/extract.ts';
import type { PdfWorkerApi } from './pdf.worker.ts';

export type { PdfProgress, PdfResult } from './pdf/extract.ts';

export async function readPdfInWorker(file: Blob, options: ExtractOptions = {}, signal?: AbortSignal): Promise<PdfResult> {
	const worker = new Worker(new URL('./pdf.worker.ts', import.meta.url), { type: 'module' });
	const api = wrap<PdfWorkerApi>(worker);
	const stop = () => worker.terminate();
	signal?.addEventListener('abort', stop, { once: true });
	try {
		const data = await file.arrayBuffer();
		const aborted = new Promise<never>((_, reject) => {
			if (signal?.aborted) reject(signal.reason);
			signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
		});
		return await Promise.race([
			api.extractPdf(
				transfer(data, [data]),
				options.onProgress ? proxy(options.onProgress) : undefined,
				options.ocr ? proxy(options.ocr) : undefined
			),
			aborted
		]);
	} finally {
		signal?.removeEventListener('abort', stop);
		api[releaseProxy]();
		worker.terminate();
	}
}
