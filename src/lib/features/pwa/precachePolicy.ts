// Vite plugin: decides which built files the service worker precaches (decision 0022).
// The app shell — every entry and route chunk with everything they import statically,
// their styles, and the rest of the small files (lazy UI such as the tree view, the
// sanitizer, KaTeX's styles and woff2 fonts) — is precached, so the app opens and reads
// offline. Heavy modules and data (WebLLM, pdf.js, tesseract, tokenizer tables, SDKs,
// jsPDF, WebAssembly) are left out: the worker caches them the first time a feature loads
// them (src/service-worker.ts), after which they work offline too. Node only.
import type { Plugin } from 'vite';

/** A file outside the shell's static graph is heavy above this size (bytes, uncompressed). */
export const HEAVY_FILE_BYTES = 128 * 1024;
/**
 * Workers the shell starts by itself (rendering and searching conversations): shell,
 * whatever their size. Vite names worker bundles after their source file.
 */
export const SHELL_WORKERS = /\/workers\/(markdown|search)\.worker-[\w-]+\.js$/;
/**
 * The public build variable that carries the list (JSON) to the service worker, which
 * reads it from `$env/static/public`.
 */
export const HEAVY_FILES_VARIABLE = 'PUBLIC_ATRIUM_HEAVY_FILES';

export interface BuiltFile {
	fileName: string;
	bytes: number;
	/** Chunks only: a page entry (Kit's start/app entries and route nodes are entries). */
	isEntry?: boolean;
	/** Chunks only: static imports and their CSS. */
	imports?: readonly string[];
}

/**
 * The files to leave out of the precache: everything above `HEAVY_FILE_BYTES` that no
 * entry reaches through static imports and that is not a shell worker, plus font formats
 * no current browser picks over woff2 (KaTeX ships each font three times).
 */
export function heavyFiles(files: readonly BuiltFile[]): string[] {
	const byName = new Map(files.map((file) => [file.fileName, file]));
	const shell = new Set<string>();
	const visit = (name: string) => {
		if (shell.has(name)) return;
		shell.add(name);
		for (const next of byName.get(name)?.imports ?? []) visit(next);
	};
	for (const file of files) if (file.isEntry) visit(file.fileName);
	return files
		.filter((file) => !shell.has(file.fileName) && !SHELL_WORKERS.test(file.fileName))
		.filter((file) => file.bytes > HEAVY_FILE_BYTES || /\.(ttf|woff)$/.test(file.fileName))
		.map((file) => `/${file.fileName}`)
		.sort();
}

interface ChunkMeta {
	importedCss?: Set<string>;
}

/**
 * Computes the list in the client build. SvelteKit builds the service worker next, in the
 * same process, and gives it the public environment variables it finds at that moment
 * (`$env/static/public`): the list travels that way.
 */
export function precachePolicy(): Plugin {
	return {
		name: 'atrium-precache-policy',
		apply: 'build',
		generateBundle(_options, bundle) {
			if (this.environment?.config.consumer === 'server') return;
			const files: BuiltFile[] = Object.values(bundle).map((item) => {
				if (item.type === 'asset') {
					const bytes = typeof item.source === 'string' ? Buffer.byteLength(item.source) : item.source.byteLength;
					return { fileName: item.fileName, bytes };
				}
				const meta = (item as { viteMetadata?: ChunkMeta }).viteMetadata;
				return {
					fileName: item.fileName,
					bytes: Buffer.byteLength(item.code),
					isEntry: item.isEntry,
					imports: [...item.imports, ...(meta?.importedCss ?? [])]
				};
			});
			process.env[HEAVY_FILES_VARIABLE] = JSON.stringify(heavyFiles(files));
		}
	};
}
