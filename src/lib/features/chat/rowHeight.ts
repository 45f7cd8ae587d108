// virtua's first guess at a message row's height (MessageList; decisions 0028, 0045). The list
// opens at its end with every row at this height until measured: a guess under the real size
// mounts rows that do not fit and unmounts them once measured (a second task, with a forced
// layout); a guess over it mounts too few and mounts the rest after measuring.

/**
 * What a row shows besides its text: padding, the role/model header and the row of action
 * buttons. A one-line message measured 179 (reply) and 183 px (user bubble) at 412 and
 * 1280 px wide, its text line 24 px (16 px at line-height 1.5).
 */
export const ROW_CHROME = 156;
export const LINE_HEIGHT = 24;
/** Rows are at most this wide (MessageItem's max-width), less their padding. */
const MAX_TEXT_WIDTH = 860;
const ROW_PADDING = 64;
/** Average width of a character of the body font, word wrapping included (a 540-character message took 16 lines at 348 px). */
const CHAR_WIDTH = 9;

/**
 * The mean guessed height of the newest messages (the rows a conversation opens on), for a
 * window `windowWidth` wide. The text's lines are guessed from its length.
 */
export function estimateRowHeight(contents: readonly string[], windowWidth: number): number {
	const recent = contents.slice(-8);
	if (recent.length === 0) return ROW_CHROME + LINE_HEIGHT;
	const charsPerLine = Math.max(20, (Math.min(MAX_TEXT_WIDTH, windowWidth) - ROW_PADDING) / CHAR_WIDTH);
	const total = recent.reduce((sum, text) => sum + ROW_CHROME + Math.ceil(Math.max(1, text.length) / charsPerLine) * LINE_HEIGHT, 0);
	return Math.round(total / recent.length);
}
