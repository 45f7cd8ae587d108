// The main thread's way to the image worker: started on the first attached image, kept for
// the tab's lifetime (decoding and encoding never run on the main thread).
import { wrap, type Remote } from 'comlink';
import type { CompressedImage } from './image/compress.ts';
import type { ImageWorkerApi } from './image.worker.ts';

export type { CompressedImage } from './image/compress.ts';

let worker: Remote<ImageWorkerApi> | undefined;

export function imageWorker(): Remote<ImageWorkerApi> {
	worker ??= wrap<ImageWorkerApi>(new Worker(new URL('./image.worker.ts', import.meta.url), { type: 'module' }));
	return worker;
}

/** WebP (quality 0.8) and a 256 px thumbnail; rejects with `ImageDecodeError`'s message when undecodable. */
export function compressInWorker(file: Blob, options: { forceWasm?: boolean } = {}): Promise<CompressedImage> {
	return imageWorker().compressImage(file, options);
}
