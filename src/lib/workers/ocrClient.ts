// OCR with tesseract.js 7, entirely offline: its worker script, the WASM core and the
// English data are files of this app (Vite copies them into the build), never a CDN.
// Tesseract runs in its own Web Worker; one is started on the first scanned page and
// kept for a minute after the last one.
import type { Worker as TesseractWorker } from 'tesseract.js';
import workerUrl from 'tesseract.js/dist/worker.min.js?url';
import coreUrl from 'tesseract.js-core/tesseract-core-simd-lstm.wasm.js?url';
import coreNoSimdUrl from 'tesseract.js-core/tesseract-core-lstm.wasm.js?url';
// Served at a fixed address by the `ocrAssets` Vite plugin (see ocrAssets.ts).
const LANG_PATH = '/_app/ocr';

const IDLE_MS = 60_000;

let current: Promise<TesseractWorker> | undefined;
let idleTimer: ReturnType<typeof setTimeout> | undefined;
let busy = 0;

/** WebAssembly SIMD (every current browser); older engines get the plain core. */
function hasSimd(): boolean {
	// i32x4.splat of a constant: valid only where SIMD is supported.
	const module = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);
	try {
		return WebAssembly.validate(module);
	} catch {
		return false;
	}
}

async function start(): Promise<TesseractWorker> {
	const { createWorker, OEM } = await import('tesseract.js');
	const absolute = (url: string) => new URL(url, location.href).href;
	return createWorker('eng', OEM.LSTM_ONLY, {
		workerPath: absolute(workerUrl),
		corePath: absolute(hasSimd() ? coreUrl : coreNoSimdUrl),
		langPath: absolute(LANG_PATH),
		// Kept in tesseract's own IndexedDB cache after the first use, for offline use.
		cacheMethod: 'write',
		legacyCore: false,
		legacyLang: false
	});
}

function release(): void {
	busy -= 1;
	clearTimeout(idleTimer);
	if (busy > 0) return;
	idleTimer = setTimeout(() => {
		const worker = current;
		current = undefined;
		void worker?.then((w) => w.terminate()).catch(() => undefined);
	}, IDLE_MS);
}

/** The text tesseract reads in an image (a rendered PDF page, a photo of a page). */
export async function recognizeText(image: Blob): Promise<string> {
	busy += 1;
	clearTimeout(idleTimer);
	try {
		current ??= start();
		current.catch(() => (current = undefined));
		const worker = await current;
		const { data } = await worker.recognize(image);
		return data.text;
	} finally {
		release();
	}
}
