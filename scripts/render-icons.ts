// Renders the app icons in static/icons/ from static/favicon.svg with headless Chromium.
// Run once after changing the logo (`node scripts/render-icons.ts`) and commit the PNGs:
// the build only copies them.
//
// - icon-192.png, icon-512.png: the logo as drawn (rounded square, transparent corners).
// - maskable-512.png, apple-touch-icon.png: full-bleed background with the mark scaled into
//   the maskable safe zone (the centre circle of 80 % diameter), since the platform cuts
//   its own shape out of these.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';

const source = await readFile(resolve('static/favicon.svg'), 'utf8');
const viewBox = /viewBox="([^"]+)"/.exec(source)?.[1];
const background = /<rect[^>]*fill="([^"]+)"/.exec(source)?.[1];
const marks = source.match(/<path\b[^>]*\/>/g);
if (!viewBox || !background || !marks) {
	throw new Error('static/favicon.svg must have a viewBox, a background <rect fill> and <path/> marks');
}
const [, , width = 64, height = 64] = viewBox.split(/\s+/).map(Number);

/** The mark centred on a full-bleed background, scaled by `scale`. */
function fullBleed(scale: number): string {
	const cx = width / 2;
	const cy = height / 2;
	return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${viewBox}"><rect width="${width}" height="${height}" fill="${background}"/><g transform="translate(${cx} ${cy}) scale(${scale}) translate(${-cx} ${-cy})">${marks!.join('')}</g></svg>`;
}

const icons: { file: string; size: number; svg: string }[] = [
	{ file: 'icon-192.png', size: 192, svg: source },
	{ file: 'icon-512.png', size: 512, svg: source },
	{ file: 'maskable-512.png', size: 512, svg: fullBleed(0.8) },
	{ file: 'apple-touch-icon.png', size: 180, svg: fullBleed(0.9) }
];

const browser = await chromium.launch({
	executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
	args: ['--no-sandbox', '--disable-gpu']
});
try {
	const page = await browser.newPage({ deviceScaleFactor: 1 });
	await mkdir(resolve('static/icons'), { recursive: true });
	for (const { file, size, svg } of icons) {
		await page.setViewportSize({ width: size, height: size });
		const src = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
		await page.setContent(`<body style="margin:0"><img src="${src}" width="${size}" height="${size}" style="display:block"></body>`);
		await page.locator('img').evaluate((img: HTMLImageElement) => img.decode());
		const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
		await writeFile(resolve('static/icons', file), png);
		console.log(`static/icons/${file} (${size}×${size}, ${png.length} bytes)`);
	}
} finally {
	await browser.close();
}
