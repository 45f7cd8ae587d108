/**
 * The markdown renderer and the main-thread sanitizer bundled for a test page as one
 * global, `window.markdownUnderTest` (an IIFE, DOMPurify's dynamic import inlined), and a
 * page that loads it with both sanitizing engines ready in `window.sanitizers`.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import type { HtmlSanitizer } from '../../../src/lib/ui/markdown/sanitize.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));

export const engines = ['native', 'dompurify'] as const;
export type Engine = (typeof engines)[number];

/** Builds the bundle in `dir` and returns its source. */
export async function bundleMarkdownForBrowser(dir: string): Promise<string> {
	const entry = join(dir, 'entry.ts');
	const source = (path: string): string => JSON.stringify(join(root, path));
	await writeFile(
		entry,
		[
			`export { renderMarkdown } from ${source('src/lib/workers/markdown/render.ts')};`,
			`export { createIncrementalRenderer } from ${source('src/lib/workers/markdown/incremental.ts')};`,
			`export { sampleDocuments } from ${source('src/lib/workers/markdown/sampleDocuments.ts')};`,
			`export { createSanitizer, loadSanitizer } from ${source('src/lib/ui/markdown/sanitize.ts')};`,
			`export { copyCodeOnClick } from ${source('src/lib/ui/markdown/copyCode.ts')};`
		].join('\n')
	);
	await build({
		configFile: false,
		logLevel: 'silent',
		root: dir,
		build: {
			outDir: join(dir, 'out'),
			minify: false,
			lib: { entry, name: 'markdownUnderTest', formats: ['iife'], fileName: () => 'bundle.js' }
		}
	});
	return readFile(join(dir, 'out', 'bundle.js'), 'utf8');
}

/** Puts the bundle into `page` (a blank document) and readies a sanitizer per engine. */
export async function loadMarkdownBundle(page: Page, bundle: string): Promise<void> {
	await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>');
	await page.addScriptTag({ content: bundle });
	await page.evaluate(async () => {
		const { loadSanitizer } = window.markdownUnderTest;
		window.sanitizers = { native: await loadSanitizer('native'), dompurify: await loadSanitizer('dompurify') };
	});
}

declare global {
	interface Window {
		markdownUnderTest: {
			renderMarkdown: typeof import('../../../src/lib/workers/markdown/render.ts').renderMarkdown;
			createIncrementalRenderer: typeof import('../../../src/lib/workers/markdown/incremental.ts').createIncrementalRenderer;
			loadSanitizer: typeof import('../../../src/lib/ui/markdown/sanitize.ts').loadSanitizer;
			createSanitizer: typeof import('../../../src/lib/ui/markdown/sanitize.ts').createSanitizer;
			sampleDocuments: typeof import('../../../src/lib/workers/markdown/sampleDocuments.ts').sampleDocuments;
			copyCodeOnClick: typeof import('../../../src/lib/ui/markdown/copyCode.ts').copyCodeOnClick;
		};
		sanitizers: Record<Engine, HtmlSanitizer>;
	}
}
