// Lays a conversation out as PDF pages: wrapped lines, page breaks, a bold heading per
// speaker kept with its first line, fenced code in a monospaced font. Pure: the caller
// passes the font metrics, so the layout is tested without a PDF library.

export type PdfFont = 'regular' | 'bold' | 'italic' | 'mono';

/** One line of text; `y` is its baseline, measured from the top of the page, in points. */
export interface PdfTextRun {
	text: string;
	x: number;
	y: number;
	font: PdfFont;
	size: number;
}

export interface PdfPageSize {
	width: number;
	height: number;
	margin: number;
}

/** A4 in points, with 2 cm margins. */
export const A4: PdfPageSize = { width: 595.28, height: 841.89, margin: 56.7 };

/** Width of `text` in points at `size` in `font`. */
export type MeasureText = (text: string, font: PdfFont, size: number) => number;

/** An image drawn under a section's text; `key` is what the renderer looks its bytes up by. */
export interface PdfImage {
	key: string;
	/** Pixel size, for the aspect ratio (unknown: a 4:3 box). */
	width?: number;
	height?: number;
}

/** A placed image; `y` is its top edge from the top of the page, in points. */
export interface PdfImageRun {
	key: string;
	x: number;
	y: number;
	width: number;
	height: number;
}

export interface PdfPage {
	runs: PdfTextRun[];
	images: PdfImageRun[];
}

export interface PdfSection {
	heading: string;
	meta?: string;
	body: string;
	images?: readonly PdfImage[];
}

export interface PdfDocumentSpec {
	title: string;
	subtitle?: string;
	sections: readonly PdfSection[];
}

const SIZE = { title: 18, subtitle: 9, heading: 12, meta: 8, body: 10, mono: 9 } as const;
const LEADING = 1.35;
/** Tallest an image is drawn, in points (about a third of an A4 page). */
export const MAX_IMAGE_HEIGHT = 260;

/**
 * The standard PDF fonts cover WinAnsi (Latin-1 and a few typographic marks) only: any
 * other character would print as garbage, so it becomes `?` instead.
 */
export function pdfSafeText(text: string): string {
	return text
		.normalize('NFC')
		.replace(/\t/g, '    ')
		.replace(/[^\x20-\x7e\xa0-\xff€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]/gu, '?');
}

/** Breaks one paragraph into lines no wider than `maxWidth`; words too long are split. */
export function wrapText(text: string, maxWidth: number, measure: (text: string) => number): string[] {
	if (text === '') return [''];
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/(?<= )/)) {
		const candidate = line + word;
		if (measure(candidate.trimEnd()) <= maxWidth) {
			line = candidate;
			continue;
		}
		if (line) lines.push(line.trimEnd());
		line = '';
		let rest = word;
		while (measure(rest.trimEnd()) > maxWidth) {
			let cut = 1;
			while (cut < rest.length && measure(rest.slice(0, cut + 1)) <= maxWidth) cut++;
			lines.push(rest.slice(0, cut));
			rest = rest.slice(cut);
		}
		line = rest;
	}
	if (line.trimEnd() || lines.length === 0) lines.push(line.trimEnd());
	return lines;
}

/** Splits a message into runs of prose and fenced code, dropping the fence lines. */
export function bodyBlocks(body: string): { font: 'regular' | 'mono'; lines: string[] }[] {
	const blocks: { font: 'regular' | 'mono'; lines: string[] }[] = [];
	let inCode = false;
	for (const line of body.replace(/\r\n?/g, '\n').split('\n')) {
		if (/^\s*(```|~~~)/.test(line)) {
			inCode = !inCode;
			continue;
		}
		const font = inCode ? 'mono' : 'regular';
		const last = blocks[blocks.length - 1];
		if (last && last.font === font) last.lines.push(line);
		else blocks.push({ font, lines: [line] });
	}
	return blocks;
}

/** The text runs of each page (see `layoutPdfPages` for images too). */
export function layoutPdf(spec: PdfDocumentSpec, measure: MeasureText, page: PdfPageSize = A4): PdfTextRun[][] {
	return layoutPdfPages(spec, measure, page).map((p) => p.runs);
}

/** An image's drawn size: the page width at most, `MAX_IMAGE_HEIGHT` at most, aspect kept. */
export function imageBox(image: PdfImage, maxWidth: number): { width: number; height: number } {
	const w = image.width && image.width > 0 ? image.width : 4;
	const h = image.height && image.height > 0 ? image.height : 3;
	const scale = Math.min(maxWidth / w, MAX_IMAGE_HEIGHT / h, image.width ? 1 : Infinity);
	return { width: w * scale, height: h * scale };
}

export function layoutPdfPages(spec: PdfDocumentSpec, measure: MeasureText, page: PdfPageSize = A4): PdfPage[] {
	const pages: PdfPage[] = [{ runs: [], images: [] }];
	const width = page.width - 2 * page.margin;
	const bottom = page.height - page.margin;
	let top = page.margin;

	const currentPage = () => pages[pages.length - 1] as PdfPage;
	const current = () => currentPage().runs;
	const lineHeight = (size: number) => size * LEADING;
	/** Starts a new page unless `height` more points fit on this one. */
	const room = (height: number) => {
		if (top + height > bottom && (current().length > 0 || currentPage().images.length > 0)) {
			pages.push({ runs: [], images: [] });
			top = page.margin;
		}
	};
	const write = (text: string, font: PdfFont, size: number) => {
		const measureLine = (t: string) => measure(t, font, size);
		for (const line of wrapText(pdfSafeText(text), width, measureLine)) {
			room(lineHeight(size));
			if (line) current().push({ text: line, x: page.margin, y: top + size, font, size });
			top += lineHeight(size);
		}
	};

	write(spec.title, 'bold', SIZE.title);
	if (spec.subtitle) write(spec.subtitle, 'italic', SIZE.subtitle);
	for (const section of spec.sections) {
		top += SIZE.body;
		// Keep the heading with its meta line and the first line of the message.
		room(lineHeight(SIZE.heading) + (section.meta ? lineHeight(SIZE.meta) : 0) + lineHeight(SIZE.body));
		write(section.heading, 'bold', SIZE.heading);
		if (section.meta) write(section.meta, 'italic', SIZE.meta);
		for (const block of bodyBlocks(section.body)) {
			const size = block.font === 'mono' ? SIZE.mono : SIZE.body;
			for (const line of block.lines) write(line, block.font, size);
		}
		for (const image of section.images ?? []) {
			const box = imageBox(image, width);
			top += 4;
			room(box.height);
			currentPage().images.push({ key: image.key, x: page.margin, y: top, ...box });
			top += box.height;
		}
	}
	return pages;
}
