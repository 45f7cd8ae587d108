// What pdf.js needs to draw a page inside a worker, where there is no `document`: canvases
// are OffscreenCanvases, and SVG filters (used for transfer maps and high-contrast modes)
// are skipped. Scanned pages, the only ones drawn here, are images and need neither.

interface CanvasAndContext {
	canvas: OffscreenCanvas | null;
	context: OffscreenCanvasRenderingContext2D | null;
}

export class OffscreenCanvasFactory {
	create(width: number, height: number): CanvasAndContext {
		if (width <= 0 || height <= 0) throw new Error('Invalid canvas size');
		const canvas = new OffscreenCanvas(width, height);
		return { canvas, context: canvas.getContext('2d', { willReadFrequently: true }) };
	}

	reset(entry: CanvasAndContext, width: number, height: number): void {
		if (!entry.canvas) throw new Error('Canvas is not specified');
		entry.canvas.width = width;
		entry.canvas.height = height;
	}

	destroy(entry: CanvasAndContext): void {
		if (entry.canvas) entry.canvas.width = entry.canvas.height = 0;
		entry.canvas = null;
		entry.context = null;
	}

	getNoAlphaContext(canvas: OffscreenCanvas): OffscreenCanvasRenderingContext2D | null {
		return canvas.getContext('2d', { alpha: false, willReadFrequently: true });
	}
}

export class NoFilterFactory {
	addFilter(): string {
		return 'none';
	}
	addHCMFilter(): string {
		return 'none';
	}
	addAlphaFilter(): string {
		return 'none';
	}
	addLuminosityFilter(): string {
		return 'none';
	}
	addKnockoutFilter(): string {
		return 'none';
	}
	addHighlightHCMFilter(): string {
		return 'none';
	}
	addSelectionHCMFilter(): string {
		return 'none';
	}
	addSelectionFilter(): string {
		return 'none';
	}
	createSelectionStyle(): null {
		return null;
	}
	destroy(): void {}
}
