// Vite plugin: serves tesseract's English data at a fixed address, `/_app/ocr/eng.traineddata.gz`
// (tesseract.js asks for `<langPath>/eng.traineddata.gz`, so the file name cannot carry a
// hash). Emitted into the build; served from node_modules by the dev server. Node only.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Plugin } from 'vite';

export const OCR_LANG_PATH = '/_app/ocr';
const FILE = 'eng.traineddata.gz';

function source(): Buffer {
	const require = createRequire(import.meta.url);
	return readFileSync(require.resolve(`@tesseract.js-data/eng/4.0.0_best_int/${FILE}`));
}

export function ocrAssets(): Plugin {
	let emitted = false;
	return {
		name: 'atrium-ocr-assets',
		configureServer(server) {
			server.middlewares.use(`${OCR_LANG_PATH}/${FILE}`, (_req, res) => {
				res.setHeader('content-type', 'application/octet-stream');
				res.end(source());
			});
		},
		generateBundle() {
			// The client build only (SvelteKit also builds for the server).
			if (emitted || this.environment?.config.consumer === 'server') return;
			emitted = true;
			this.emitFile({ type: 'asset', fileName: `${OCR_LANG_PATH.slice(1)}/${FILE}`, source: source() });
		}
	};
}
