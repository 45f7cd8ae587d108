// Attachments in the built app, in headless Chromium, through the composer as a user adds
// files: PDF pages read per second (text layer, and scanned pages through OCR), and image
// compression throughput and size reduction (photos to WebP at quality 0.8, longest side
// 2048 px, plus a 256 px thumbnail), and the memory of reading a long PDF page by page: the
// tab's renderer process (which runs the PDF worker) at its peak, for 100 and 500 pages —
// bounded memory means the two are close. `node bench/attachments.ts` prints JSON.
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { photo, renderTextPng, scannedPdf, textPdf } from '../tests/fixtures/documents.ts';
import { startStack } from '../tests/e2e/support/stack.ts';
import { rendererMemory, type RendererMemory } from './rendererMemory.ts';

const PDF_PAGES = Number(process.env.PDF_BENCH_PAGES ?? 300);
const SCANNED_PAGES = 3;
const PHOTOS = 8;
/** The long-PDF memory figure, and a short file to compare it with. */
const LONG_PDF_PAGES = 500;
const SHORT_PDF_PAGES = 100;

const round = (value: number, digits = 1): number => Number(value.toFixed(digits));

/**
 * Adds files through the composer's picker and returns the ms from the files reaching the
 * page (the picker's change event, when reading starts) until every chip is ready.
 */
async function attachAndWait(page: Page, files: { name: string; mimeType: string; buffer: Buffer }[]): Promise<number> {
	await page.evaluate(() => {
		const input = document.querySelector('[data-testid="attach-input"]');
		input?.addEventListener('change', () => ((window as unknown as { __picked: number }).__picked = performance.now()), { once: true, capture: true });
	});
	// Playwright moves large files slowly; that transfer is not the app's time.
	await page.locator('[data-testid="attach-input"]').setInputFiles(files, { timeout: 300_000 });
	await page.waitForFunction(
		(count) => {
			const chips = document.querySelectorAll('[aria-label="Attachments"] li');
			return chips.length === count && [...chips].every((chip) => chip.getAttribute('data-state') !== 'reading');
		},
		files.length,
		{ timeout: 900_000, polling: 20 }
	);
	const elapsed = await page.evaluate(() => performance.now() - (window as unknown as { __picked: number }).__picked);
	const failed = await page.locator('[aria-label="Attachments"] li[data-state="failed"]').allInnerTexts();
	if (failed.length > 0) throw new Error(`attachments failed: ${failed.join(' | ')}`);
	return elapsed;
}

async function clearTray(page: Page): Promise<void> {
	const remove = page.getByRole('button', { name: /^Remove / });
	while ((await remove.count()) > 0) await remove.first().click();
}

/** Stored sizes (bytes) of the attachments in IndexedDB, read with plain IndexedDB. */
function storedSizes(page: Page): Promise<{ name: string; blob: number; thumbnail: number; original: number }[]> {
	return page.evaluate(
		() =>
			new Promise((resolve, reject) => {
				const open = indexedDB.open('atrium');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const request = open.result.transaction('attachments').objectStore('attachments').getAll();
					request.onsuccess = () =>
						resolve(
							(request.result as { name: string; blob: Blob; thumbnail?: Blob; originalSize: number }[]).map((row) => ({
								name: row.name,
								blob: row.blob.size,
								thumbnail: row.thumbnail?.size ?? 0,
								original: row.originalSize
							}))
						);
					request.onerror = () => reject(request.error);
				};
			})
	);
}

/** Reads a generated PDF of `pages` pages; its speed and the renderer's peak memory meanwhile. */
async function pdfMemory(page: Page, memory: RendererMemory, pages: number, text: (n: number) => string) {
	const pdf = await textPdf(Array.from({ length: pages }, (_, i) => text(i + 1)));
	await memory.start();
	const ms = await attachAndWait(page, [{ name: `long-${pages}.pdf`, mimeType: 'application/pdf', buffer: pdf }]);
	const used = await memory.stop();
	await clearTray(page);
	return { ms, mb: pdf.length / 1e6, ...used };
}

export default async function bench(): Promise<Record<string, number>> {
	const stack = await startStack();
	try {
		const context = await stack.newContext();
		const page = await context.newPage();
		await page.goto('/');
		await page.getByRole('combobox', { name: 'Model' }).locator('option', { hasText: 'gpt-4o' }).first().waitFor({ state: 'attached' });

		const pageText = (n: number) =>
			`Page ${n} of the generated handbook. `.repeat(3) +
			'The committee reviewed the budget, the harbour works, the school timetable and the library hours in detail. '.repeat(12);
		const pdf = await textPdf(Array.from({ length: PDF_PAGES }, (_, i) => pageText(i + 1)));
		const pdfMs = await attachAndWait(page, [{ name: 'handbook.pdf', mimeType: 'application/pdf', buffer: pdf }]);
		await clearTray(page);

		const memory = await rendererMemory(stack.browser);
		const short = await pdfMemory(page, memory, SHORT_PDF_PAGES, pageText);
		const long = await pdfMemory(page, memory, LONG_PDF_PAGES, pageText);

		const png = await renderTextPng(page, ['STOCK CHECK', 'Copper wire: 4200 metres', 'Signed M. Olsen']);
		const scans = await Promise.all(Array.from({ length: SCANNED_PAGES }, () => scannedPdf(png)));
		// One file per scanned page, read one after another by the same OCR worker.
		const ocrMs = await attachAndWait(page, [{ name: 'scan-1.pdf', mimeType: 'application/pdf', buffer: scans[0]! }]);
		await clearTray(page);
		const ocrWarmMs = await attachAndWait(
			page,
			scans.slice(1).map((buffer, i) => ({ name: `scan-${i + 2}.pdf`, mimeType: 'application/pdf', buffer }))
		);
		await clearTray(page);

		// Camera-sized JPEGs and screen-sized PNGs (noise keeps them from compressing unfairly well).
		const kinds = Array.from({ length: PHOTOS }, (_, i) => (i % 4 === 3 ? 'png' : 'jpg'));
		const files = await Promise.all(
			kinds.map(async (kind, i) => ({
				name: `photo-${i}.${kind}`,
				mimeType: kind === 'jpg' ? 'image/jpeg' : 'image/png',
				buffer: kind === 'jpg' ? await photo(page, 4000, 3000, 'image/jpeg', i + 1) : await photo(page, 1920, 1080, 'image/png', i + 1)
			}))
		);
		const imageMs = await attachAndWait(page, files);
		const box = page.getByRole('textbox', { name: 'Message' });
		await box.fill('bench photos');
		await box.press('Enter');
		await page.getByRole('button', { name: 'Send' }).waitFor();
		const sizes = await storedSizes(page);
		const input = sizes.reduce((sum, s) => sum + s.original, 0);
		const output = sizes.reduce((sum, s) => sum + s.blob, 0);
		const jpegs = sizes.filter((s) => s.name.endsWith('.jpg'));
		const jpegIn = jpegs.reduce((sum, s) => sum + s.original, 0);
		const jpegOut = jpegs.reduce((sum, s) => sum + s.blob, 0);
		await context.close();
		return {
			pdfPages: PDF_PAGES,
			pdfMB: round(pdf.length / 1e6, 2),
			pdfPagesPerSecond: round(PDF_PAGES / (pdfMs / 1000)),
			pdf500MB: round(long.mb, 2),
			pdf500PagesPerSecond: round(LONG_PDF_PAGES / (long.ms / 1000)),
			pdf500RendererStartMB: long.startMB,
			pdf500RendererPeakMB: long.peakMB,
			pdf500RendererGrowthMB: long.growthMB,
			pdf100RendererGrowthMB: short.growthMB,
			ocrFirstPageSeconds: round(ocrMs / 1000),
			ocrPagesPerSecondWarm: round((SCANNED_PAGES - 1) / (ocrWarmMs / 1000), 2),
			photos: PHOTOS,
			jpegs12MP: kinds.filter((k) => k === 'jpg').length,
			pngs2MP: kinds.filter((k) => k === 'png').length,
			imagesPerSecond: round(PHOTOS / (imageMs / 1000), 2),
			inputMBPerSecond: round(input / 1e6 / (imageMs / 1000), 2),
			inputMB: round(input / 1e6, 2),
			storedMB: round(output / 1e6, 2),
			sizeReductionPercent: round(100 * (1 - output / input)),
			jpegSizeReductionPercent: round(100 * (1 - jpegOut / jpegIn)),
			thumbnailKBAverage: round(sizes.reduce((sum, s) => sum + s.thumbnail, 0) / sizes.length / 1024)
		};
	} finally {
		await stack.close();
	}
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	console.log(JSON.stringify(await bench(), null, 2));
}
