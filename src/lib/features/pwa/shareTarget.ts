// Turns what another app shared (the manifest's share_target: GET /share?title&text&url)
// into the text of a new message. Apps fill the fields inconsistently: Android often puts
// the link inside `text` and leaves `url` empty, some send a title equal to the text.

export interface SharedData {
	title?: string | null;
	text?: string | null;
	url?: string | null;
}

/** The shared fields as one message draft: title, text and link, each once. */
export function sharedText({ title, text, url }: SharedData): string {
	const clean = (value: string | null | undefined) => (value ?? '').trim();
	const parts: string[] = [];
	const add = (value: string) => {
		if (value && !parts.some((part) => part.includes(value))) parts.push(value);
	};
	const body = clean(text);
	const link = clean(url);
	const heading = clean(title);
	// The title only helps when the text does not already carry it.
	if (heading && !body.startsWith(heading)) add(heading);
	add(body);
	add(link);
	return parts.join('\n\n');
}

export function sharedFromSearch(params: URLSearchParams): SharedData {
	return { title: params.get('title'), text: params.get('text'), url: params.get('url') };
}
