// Draws a laid-out document with jsPDF. jsPDF is imported on demand, so it stays out of
// the bundle until someone exports a PDF.
import { layoutPdf, A4, type PdfDocumentSpec, type PdfFont } from '$lib/core/export/pdfLayout.ts';

const FONTS: Record<PdfFont, [family: string, style: string]> = {
	regular: ['helvetica', 'normal'],
	bold: ['helvetica', 'bold'],
	italic: ['helvetica', 'italic'],
	mono: ['courier', 'normal']
};

/** The PDF file for `spec`, A4 portrait. */
export async function renderPdf(spec: PdfDocumentSpec): Promise<Blob> {
	const { jsPDF } = await import('jspdf');
	const doc = new jsPDF({ unit: 'pt', format: 'a4', orientation: 'portrait' });
	doc.setProperties({ title: spec.title, creator: 'Atrium' });
	const measure = (text: string, font: PdfFont, size: number) => {
		const [fontName, fontStyle] = FONTS[font];
		return doc.getStringUnitWidth(text, { fontName, fontStyle }) * size;
	};
	const pages = layoutPdf(spec, measure, A4);
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
