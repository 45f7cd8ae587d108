// Image compression for attachments, in a worker: decode once, scale to fit, encode WebP at
// quality 0.8 (OffscreenCanvas.convertToBlob, or the @jsquash/webp WASM encoder where the
// browser cannot encode WebP), plus a 256 px WebP thumbnail for the message list.
import { sha256Hex } from '../../core/contentHash.ts';

export const WEBP_QUALITY = 0.8;
/** Longest side kept: vision models scale larger images down anyway (OpenAI: 2048). */
export const MAX_SIDE = 2048;
export const THUMBNAIL_SIDE = 256;

/** Types sent to models as they are when re-encoding would not make them smaller. */
const PASS_THROUGH = new Set(['image/png', 'image/jpeg', 'image/webp', 'image/gif']);

export interface CompressedImage {
	blob: Blob;
	thumbnail: Blob;
	mimeType: string;
	width: number;
	height: number;
	originalWidth: number;
	originalHeight: number;
	/** How the WebP was made. */
	encoder: 'canvas' | 'wasm' | 'original';
	sha256: string;
}

export class ImageDecodeError extends Error {
	override readonly name = 'ImageDecodeError';
}

export function fitWithin(width: number, height: number, side: number): { width: number; height: number } {
	const scale = Math.min(1, side / Math.max(width, height));
	return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

let canvasWebp: Promise<boolean> | undefined;

/** Whether OffscreenCanvas can encode WebP here (Safari answers with a PNG instead). */
function canvasEncodesWebp(): Promise<boolean> {
	canvasWebp ??= new OffscreenCanvas(1, 1)
		.convertToBlob({ type: 'image/webp', quality: WEBP_QUALITY })
		.then((blob) => blob.type === 'image/webp')
		.catch(() => false);
	return canvasWebp;
}

async function encodeWebp(canvas: OffscreenCanvas, forceWasm: boolean): Promise<{ blob: Blob; encoder: 'canvas' | 'wasm' }> {
	if (!forceWasm && (await canvasEncodesWebp())) {
		return { blob: await canvas.convertToBlob({ type: 'image/webp', quality: WEBP_QUALITY }), encoder: 'canvas' };
	}
	const context = canvas.getContext('2d');
	if (!context) throw new Error('No 2D canvas in this browser.');
	const { default: encode } = await import('@jsquash/webp/encode');
	const pixels = context.getImageData(0, 0, canvas.width, canvas.height);
	const bytes = await encode(pixels, { quality: WEBP_QUALITY * 100 });
	return { blob: new Blob([bytes], { type: 'image/webp' }), encoder: 'wasm' };
}

function draw(bitmap: ImageBitmap, size: { width: number; height: number }): OffscreenCanvas {
	const canvas = new OffscreenCanvas(size.width, size.height);
	const context = canvas.getContext('2d');
	if (!context) throw new Error('No 2D canvas in this browser.');
	context.imageSmoothingQuality = 'high';
	context.drawImage(bitmap, 0, 0, size.width, size.height);
	return canvas;
}

export async function compressImage(file: Blob, options: { forceWasm?: boolean } = {}): Promise<CompressedImage> {
	let bitmap: ImageBitmap;
	try {
		bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
	} catch (cause) {
		throw new ImageDecodeError('This browser cannot decode this image format.', { cause });
	}
	try {
		const original = { width: bitmap.width, height: bitmap.height };
		const full = fitWithin(original.width, original.height, MAX_SIDE);
		const resized = full.width !== original.width || full.height !== original.height;
		const { blob: webp, encoder } = await encodeWebp(draw(bitmap, full), options.forceWasm === true);
		const thumbnail = (await encodeWebp(draw(bitmap, fitWithin(original.width, original.height, THUMBNAIL_SIDE)), options.forceWasm === true)).blob;
		// An already small PNG/JPEG can beat its WebP; then the original is kept as it is.
		const keepOriginal = !resized && PASS_THROUGH.has(file.type) && file.size <= webp.size;
		const blob = keepOriginal ? file : webp;
		return {
			blob,
			thumbnail,
			mimeType: keepOriginal ? file.type : 'image/webp',
			...full,
			originalWidth: original.width,
			originalHeight: original.height,
			encoder: keepOriginal ? 'original' : encoder,
			sha256: await sha256Hex(blob)
		};
	} finally {
		bitmap.close();
	}
}
