// Draws a laid-out document with jsPDF. jsPDF is imported on demand, so it stays out of
// the bundle until someone exports a PDF.
import type { jsPDF as JsPdf } from 'jspdf';
import { layoutPdf, A4, type PdfDocumentSpec, type PdfFont, type PdfTextRun } from '$lib/core/export/pdfLayout.ts';

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

/** The PDF file for `spec`, A4 portrait. */
export async function renderPdf(spec: PdfDocumentSpec): Promise<Blob> {
	const { doc, pages } = await layoutForPdf(spec);
	doc.setProperties({ title: spec.title, creator: 'Atrium' });
	pages.forEach((runs, index) => {
		if (index > 0) doc.addPage();
		for (const run of runs) {
			doc.setFont(...FONTS[run.font]);
			doc.setFontSize(run.size);
			doc.text(run.text, run.x, run.y);
		}
	});
	return doc.output('blob');
}
