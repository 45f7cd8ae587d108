// KaTeX's fonts, loaded when a render first shows math rather than discovered by the
// browser's layout of it (decision 0042). The faces' CSS comes with the renderer
// (renderer.ts, `font-display: block`); the browser fetches a face only once some laid-out
// text uses it, so math shown before its fonts arrived was styled and laid out again when
// they did: mid-reply, a second style and layout of every math element on screen. Asking
// for the faces a render needs before showing it means the math is laid out once, with
// its fonts. A page that never shows math never loads them.

/** CSS font shorthands for the faces a class attribute in KaTeX's output uses (katex.css). */
const FACES: [marker: RegExp, font: string][] = [
	// Every formula: text, digits and operators in Main, variables in Math italic.
	[/\bkatex\b/, '1em KaTeX_Main'],
	[/\bmathnormal\b/, 'italic 1em KaTeX_Math'],
	[/\bmathit\b/, 'italic 1em KaTeX_Main'],
	[/\bmathbf\b|\btextbf\b/, 'bold 1em KaTeX_Main'],
	[/\bboldsymbol\b/, 'italic bold 1em KaTeX_Math'],
	[/\bamsrm\b|\bmathbb\b|\btextbb\b/, '1em KaTeX_AMS'],
	[/\bmathcal\b/, '1em KaTeX_Caligraphic'],
	[/\bmathfrak\b|\btextfrak\b/, '1em KaTeX_Fraktur'],
	[/\bmathscr\b|\btextscr\b/, '1em KaTeX_Script'],
	[/\bmathsf\b|\btextsf\b/, '1em KaTeX_SansSerif'],
	[/\bmathtt\b|\btexttt\b/, '1em KaTeX_Typewriter'],
	// Big delimiters and operators (`size3` alone is a font size, not this face).
	[/\bdelimsizing\b.*\bsize1\b|\bdelim-size1\b|\bsmall-op\b/, '1em KaTeX_Size1'],
	[/\bdelimsizing\b.*\bsize2\b|\blarge-op\b/, '1em KaTeX_Size2'],
	[/\bdelimsizing\b.*\bsize3\b/, '1em KaTeX_Size3'],
	[/\bdelimsizing\b.*\bsize4\b|\bdelim-size4\b/, '1em KaTeX_Size4']
];

/**
 * The KaTeX faces (CSS font shorthands) that these blocks' HTML uses, judged from KaTeX's
 * class names; empty when there is no math. A face missed here loads when laid out, as
 * before; the common ones (Main, Math italic) are never missed.
 */
export function mathFontsFor(htmls: readonly string[]): string[] {
	const found = new Set<string>();
	for (const html of htmls) {
		if (!html.includes('katex')) continue;
		for (const match of html.matchAll(/class="([^"]*)"/g)) {
			for (const [marker, font] of FACES) if (marker.test(match[1]!)) found.add(font);
		}
	}
	return FACES.map(([, font]) => font).filter((font) => found.has(font));
}

/** The longest a render waits for fonts: the browser's own block period for `font-display: block`. */
export const FONT_WAIT_MS = 3_000;

interface Fonts {
	check(font: string): boolean;
	load(font: string): Promise<unknown>;
}

/**
 * Resolves once the faces these blocks use are loaded (or failed, or FONT_WAIT_MS passed,
 * when the math shows with whatever the browser has, as before). Undefined when nothing
 * needs waiting for: no math, the faces already loaded, or no FontFaceSet.
 */
export function mathFontsReady(
	htmls: readonly string[],
	fonts: Fonts | undefined = typeof document === 'undefined' ? undefined : document.fonts
): Promise<void> | undefined {
	if (!fonts) return undefined;
	const missing = mathFontsFor(htmls).filter((font) => !fonts.check(font));
	if (missing.length === 0) return undefined;
	const loads = Promise.allSettled(missing.map((font) => fonts.load(font))).then(() => undefined);
	let timer: ReturnType<typeof setTimeout> | undefined;
	const cap = new Promise<void>((resolve) => (timer = setTimeout(resolve, FONT_WAIT_MS)));
	return Promise.race([loads, cap]).finally(() => clearTimeout(timer));
}
