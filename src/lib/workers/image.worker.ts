// Compresses attached images off the main thread (see image/compress.ts).
import { expose } from 'comlink';
import { compressImage } from './image/compress.ts';

export type ImageWorkerApi = { compressImage: typeof compressImage };

expose({ compressImage } satisfies ImageWorkerApi);
