/** HTML escaping for text and attribute values built by the renderer. */

const replacements: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;'
};
const replace = (ch: string): string => replacements[ch] ?? ch;

/** Escapes every character that matters in text and in quoted attribute values. */
export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, replace);
}

/**
 * Escapes markdown text but leaves character references (`&copy;`, `&#169;`) alone,
 * so they display as the character, as CommonMark requires. A reference can only
 * ever decode to text, never to markup, so leaving it is safe.
 */
export function escapeText(text: string): string {
	return text.replace(/[<>"']|&(?!(?:#\d{1,7}|#[Xx][a-fA-F0-9]{1,6}|\w+);)/g, replace);
}
