// Draws a laid-out document with jsPDF. jsPDF is imported on demand, so it stays out of
// the bundle until someone exports a PDF.
import type { jsPDF as JsPdf } from 'jspdf';
import type { ExportImages } from '$lib/core/export/images.ts';
import { layoutPdf, layoutPdfPages, A4, type PdfDocumentSpec, type PdfFont, type PdfTextRun } from '$lib/core/export/pdfLayout.ts';

/** jsPDF's names for the image types Atrium stores (compressed images are WebP). */
const IMAGE_FORMATS: Record<string, string> = { 'image/webp': 'WEBP', 'image/png': 'PNG', 'image/jpeg': 'JPEG', 'image/gif': 'GIF' };

const FONTS: Record<PdfFont, [family: string, style: string]> = {
	regular: ['helvetica', 'normal'],
	bold: ['helvetica', 'bold'],
	italic: ['helvetica', 'italic'],
	mono: ['courier', 'normal']
};

/** Width of `text` in points, in `font` at `size`, by jsPDF's own metrics. */
export function measureWith(doc: JsPdf, text: string, font: PdfFont, size: number): number {
	// jsPDF measures in the current font, so measuring selects the font first.
	doc.setFont(...FONTS[font]);
	return doc.getStringUnitWidth(text) * size;
}

/** A new A4 document and the pages of `spec` laid out with its metrics. */
export async function layoutForPdf(spec: PdfDocumentSpec): Promise<{ doc: JsPdf; pages: PdfTextRun[][] }> {
	const { jsPDF } = await import('jspdf');
	const doc = new jsPDF({ unit: 'pt', format: 'a4', orientation: 'portrait' });
	return { doc, pages: layoutPdf(spec, (text, font, size) => measureWith(doc, text, font, size), A4) };
}

/** The PDF file for `spec`, A4 portrait; `images` holds the bytes of the images it places. */
export async function renderPdf(spec: PdfDocumentSpec, images?: ExportImages): Promise<Blob> {
	const { jsPDF } = await import('jspdf');
	const doc = new jsPDF({ unit: 'pt', format: 'a4', orientation: 'portrait' });
	const pages = layoutPdfPages(spec, (text, font, size) => measureWith(doc, text, font, size), A4);
	doc.setProperties({ title: spec.title, creator: 'Atrium' });
	pages.forEach((page, index) => {
		if (index > 0) doc.addPage();
		for (const run of page.runs) {
			doc.setFont(...FONTS[run.font]);
			doc.setFontSize(run.size);
			doc.text(run.text, run.x, run.y);
		}
		for (const placed of page.images) {
			const image = images?.get(placed.key);
			const format = image ? IMAGE_FORMATS[image.ref.mimeType] : undefined;
			if (!image || !format) continue;
			// The same bytes under one alias are embedded once, however often they are drawn.
			doc.addImage(`data:${image.ref.mimeType};base64,${image.base64}`, format, placed.x, placed.y, placed.width, placed.height, image.ref.sha256);
		}
	});
	return doc.output('blob');
}
