// What the model is asked when a document is classified or extracted, and how its answers
// are read. Both ask for structured output (decision 0024); providers that ignore it still
// get a prompt that says what to answer.
import type { ChatRequest } from '../../protocol/chat.ts';

export const DEFAULT_CATEGORIES = ['invoice', 'contract', 'paper', 'code', 'letter', 'other'] as const;
/** Settings row holding the user's own categories (string[]). */
export const CATEGORIES_SETTING_KEY = 'documents.categories';
export const MAX_CATEGORIES = 20;
const MAX_CATEGORY_CHARS = 40;

/** Characters of a document the model sees to classify it (its beginning). */
export const CLASSIFY_CHARS = 12_000;
/** Characters of a document the model sees to extract from it. */
export const EXTRACT_CHARS = 80_000;

/** The stored categories, or the defaults when none (or a malformed row) is stored. */
export function readCategories(value: unknown): string[] {
	if (!Array.isArray(value)) return [...DEFAULT_CATEGORIES];
	const categories = value.filter((c): c is string => typeof c === 'string' && c.trim() !== '');
	return categories.length > 0 ? categories : [...DEFAULT_CATEGORIES];
}

/** Reads "invoice, receipt, other" as typed; throws with a message for the user. */
export function parseCategoriesInput(text: string): string[] {
	const seen = new Set<string>();
	const categories: string[] = [];
	for (const raw of text.split(',')) {
		const category = raw.trim().toLowerCase();
		if (!category || seen.has(category)) continue;
		if (category.length > MAX_CATEGORY_CHARS) throw new Error(`“${category.slice(0, 20)}…” is longer than ${MAX_CATEGORY_CHARS} characters.`);
		seen.add(category);
		categories.push(category);
	}
	if (categories.length < 2) throw new Error('Give at least two categories, separated by commas.');
	if (categories.length > MAX_CATEGORIES) throw new Error(`At most ${MAX_CATEGORIES} categories.`);
	return categories;
}

export function classificationRequest(modelId: string, fileName: string, text: string, categories: readonly string[]): ChatRequest {
	return {
		model: modelId,
		temperature: 0,
		maxTokens: 100,
		messages: [
			{
				role: 'system',
				content:
					`You classify documents. Answer with JSON {"category": "..."} where category is exactly one of: ${categories.join(', ')}. ` +
					'Pick the closest; use "other" only when it is one of the choices and nothing else fits.'
			},
			{ role: 'user', content: `File name: ${fileName}\n\nDocument (beginning):\n${text.slice(0, CLASSIFY_CHARS)}` }
		],
		responseFormat: {
			type: 'json_schema',
			name: 'document_category',
			schema: { type: 'object', properties: { category: { type: 'string', enum: [...categories] } }, required: ['category'], additionalProperties: false }
		}
	};
}

/**
 * The category in a model's answer: `{"category": ...}` as asked, or a bare category name
 * from a model that ignored the format. Null when it names none of `categories`.
 */
export function parseClassification(answer: string, categories: readonly string[]): string | null {
	let named = answer.trim();
	try {
		const parsed: unknown = JSON.parse(named.replace(/^```(?:json)?\s*|```$/gi, ''));
		if (typeof parsed === 'object' && parsed !== null && typeof (parsed as { category?: unknown }).category === 'string') {
			named = (parsed as { category: string }).category;
		}
	} catch {
		// Not JSON: read it as a bare word.
	}
	const wanted = named.toLowerCase().replace(/[".'\s]+/g, ' ').trim();
	return categories.find((c) => c.toLowerCase() === wanted) ?? null;
}

export function extractionRequest(modelId: string, fileName: string, text: string, schema: Record<string, unknown>): ChatRequest {
	return {
		model: modelId,
		temperature: 0,
		messages: [
			{
				role: 'system',
				content:
					'You extract structured data from documents. Answer with one JSON value that follows this JSON Schema, and nothing else. ' +
					`Use null (where the schema allows it) for what the document does not say; never invent values.\n\nJSON Schema:\n${JSON.stringify(schema)}`
			},
			{ role: 'user', content: `File name: ${fileName}\n\nDocument:\n${text.slice(0, EXTRACT_CHARS)}` }
		],
		responseFormat: { type: 'json_schema', name: 'extraction', schema }
	};
}
