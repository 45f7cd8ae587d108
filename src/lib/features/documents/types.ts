// What Atrium learned about a stored document through the selected model (decision 0024):
// its category and the last structured extraction, one row per attachment (Dexie v12).

export interface Classification {
	state: 'classifying' | 'done' | 'failed';
	category?: string;
	/** Why it failed, in words for the user. */
	error?: string;
	/** Model key that classified it. */
	model: string;
	updatedAt: number;
}

export interface Extraction {
	/** `invalid`: the model answered, but not with JSON that follows the schema. */
	state: 'running' | 'done' | 'invalid' | 'failed';
	/** The schema exactly as the user wrote or picked it (kept whatever happens). */
	schemaText: string;
	/** The model's answer as it came (kept for invalid answers too). */
	output?: string;
	/** The parsed answer, when it follows the schema. */
	value?: unknown;
	/** What does not follow the schema, one line each. */
	problems?: string[];
	error?: string;
	model: string;
	updatedAt: number;
}

export interface DocumentInsight {
	attachmentId: string;
	conversationId: string;
	classification?: Classification;
	extraction?: Extraction;
}

/** A `classifying` or `running` row older than this was interrupted (the page closed). */
export const STALE_MS = 150_000;

export function isStale(entry: { state: string; updatedAt: number } | undefined, now = Date.now()): boolean {
	return !!entry && (entry.state === 'classifying' || entry.state === 'running') && now - entry.updatedAt > STALE_MS;
}
