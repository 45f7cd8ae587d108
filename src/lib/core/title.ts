// Conversation titles: a model-written title after the first exchange, with a plain
// fallback taken from the user's first message when no model can be asked.

export const MAX_TITLE_CHARS = 80;

/** First line of the user's message, trimmed to a word boundary. */
export function fallbackTitle(firstUserMessage: string): string {
	const line = firstUserMessage.replace(/\s+/g, ' ').trim();
	if (!line) return 'New chat';
	if (line.length <= 48) return line;
	const cut = line.slice(0, 48);
	const space = cut.lastIndexOf(' ');
	return `${(space > 24 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** Instruction sent to the model to name a conversation from its first exchange. */
export function titlePrompt(user: string, assistant: string): string {
	return [
		'Write a short title (at most 6 words) for a conversation that starts like this.',
		'Answer with the title only: no quotes, no trailing punctuation.',
		'',
		`User: ${user.slice(0, 1000)}`,
		`Assistant: ${assistant.slice(0, 1000)}`
	].join('\n');
}

/** Cleans a model's answer into a title, or null when it is unusable. */
export function cleanModelTitle(raw: string): string | null {
	const title = raw
		.split('\n')
		.map((line) => line.trim())
		.find((line) => line.length > 0)
		?.replace(/^(title:\s*)/i, '')
		.replace(/\*\*|__|`/g, '')
		.replace(/^["'“”‘’*#\s]+|["'“”‘’*.\s]+$/g, '')
		.trim();
	if (!title) return null;
	return title.length > MAX_TITLE_CHARS ? `${title.slice(0, MAX_TITLE_CHARS - 1)}…` : title;
}
