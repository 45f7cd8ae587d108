// Main-thread sanitizing in Chromium, per engine (decision 0026): the browser's HTML
// Sanitizer and DOMPurify, each with the shared post-pass and the re-parse check, over
// the renderer's blocks for ~300 KB of model-like markdown (KaTeX, code, tables), no cache.
// Figures: milliseconds per MB of block HTML (median of 3) and the slowest block.
// `node bench/run.ts sanitize` prints JSON.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleMarkdownForBrowser, engines, loadMarkdownBundle } from '../tests/e2e/support/markdownBundle.ts';
import { launchChromium } from '../tests/e2e/support/stack.ts';

const CORPUS_CHARS = 300_000;
const RUNS = 3;

export default async function bench(): Promise<Record<string, number | string>> {
	const dir = await mkdtemp(join(tmpdir(), 'atrium-bench-sanitize-'));
	const browser = await launchChromium();
	try {
		const page = await browser.newPage();
		await loadMarkdownBundle(page, await bundleMarkdownForBrowser(dir));
		const results: Record<string, number | string> = {};
		for (const engine of engines) {
			const figures = await page.evaluate(
				async ({ engine, corpusChars, runs }) => {
					const { renderMarkdown, sampleDocuments, loadSanitizer } = window.markdownUnderTest;
					const blocks: string[] = [];
					for (let i = 0, chars = 0; chars < corpusChars; i++) {
						// Numbers differ per copy, so no two blocks are the same (no cache hits).
						const text = `${sampleDocuments[i % sampleDocuments.length]?.text ?? ''}\n\nCopy ${i}, $x_{${i}}$.`;
						for (const block of renderMarkdown(text)) blocks.push(block.html.replaceAll('<p>', `<p title="${i}">`));
						chars += text.length;
					}
					const bytes = blocks.reduce((sum, html) => sum + html.length, 0);
					const times: number[] = [];
					let slowest = 0;
					for (let run = 0; run < runs; run++) {
						const { sanitizeHtml } = await loadSanitizer(engine);
						const started = performance.now();
						for (const html of blocks) {
							const blockStarted = performance.now();
							sanitizeHtml(html);
							slowest = Math.max(slowest, performance.now() - blockStarted);
						}
						times.push(performance.now() - started);
					}
					times.sort((a, b) => a - b);
					return { msPerMb: ((times[Math.floor(runs / 2)] ?? 0) / bytes) * 1e6, slowest, blocks: blocks.length, bytes };
				},
				{ engine, corpusChars: CORPUS_CHARS, runs: RUNS }
			);
			results[`${engine}MsPerMb`] = Number(figures.msPerMb.toFixed(1));
			results[`${engine}SlowestBlockMs`] = Number(figures.slowest.toFixed(2));
			results.blocks = figures.blocks;
			results.blockKb = Number((figures.bytes / 1024).toFixed(1));
		}
		return results;
	} finally {
		await browser.close();
		await rm(dir, { recursive: true, force: true });
	}
}
