// Automatic tags and a category for a conversation, from its words alone (no model, so they
// exist on every device and for every user). Tags: the words that set this conversation apart
// — frequent in it (tf), rare across all messages (idf from the search index). Category: the
// topic of a small fixed taxonomy whose vocabulary the conversation uses most. See decision 0023.
import { indexTerms } from './text.ts';

/** Tags per conversation, at most. */
export const MAX_TAGS = 3;
/** A tag word appears at least this often in the conversation, and is at least this long. */
const MIN_COUNT = 2;
const MIN_LENGTH = 4;
/** A word in more than this share of all messages is too common to tell conversations apart. */
const MAX_SHARE = 0.05;
/** Category words that must occur (distinct) before a category is given. */
const MIN_CATEGORY_WORDS = 2;

/** The taxonomy: each category and words that point to it (index terms, lower case). */
export const CATEGORIES: Readonly<Record<string, readonly string[]>> = {
	Code: 'code function bug error compile compiler typescript javascript python rust java sql api debug stack refactor class variable regex git deploy test tests'.split(' '),
	Writing: 'essay draft write writing poem story paragraph edit rewrite tone grammar blog article letter headline copy'.split(' '),
	Data: 'data dataset chart csv table spreadsheet analysis statistics query average median regression excel'.split(' '),
	Health: 'health doctor symptom symptoms fever sleep exercise diet medicine pain workout physician hospital'.split(' '),
	Food: 'recipe cook cooking bake baking kitchen soup ingredients dinner oven sauce marmalade flour'.split(' '),
	Travel: 'travel trip flight hotel itinerary visa vacation journey hiking train airport holiday'.split(' '),
	Money: 'budget money invoice tax taxes salary savings invest investment price cost loan finance'.split(' '),
	Learning: 'learn explain lesson study exam course homework concept tutorial quiz'.split(' '),
	Planning: 'plan planning schedule meeting agenda deadline project roadmap goals tasks harvest'.split(' ')
};

const CATEGORY_OF = new Map<string, string[]>();
for (const [category, words] of Object.entries(CATEGORIES)) {
	for (const word of words) CATEGORY_OF.set(word, [...(CATEGORY_OF.get(word) ?? []), category]);
}

export interface ConversationTags {
	tags: string[];
	category: string | null;
}

/** How many of `total` indexed messages contain `term`. */
export type DocumentFrequency = (term: string) => number;

const isWord = (term: string): boolean => term.length >= MIN_LENGTH && !/\d/.test(term);

/**
 * Tags and category for a conversation whose messages read `texts`, against an index of
 * `total` messages. Deterministic: ties go to the word met first.
 */
export function conversationTags(texts: readonly string[], documentFrequency: DocumentFrequency, total: number): ConversationTags {
	const counts = new Map<string, number>();
	for (const text of texts) for (const term of indexTerms(text)) counts.set(term, (counts.get(term) ?? 0) + 1);

	const categoryHits = new Map<string, number>();
	for (const term of counts.keys()) for (const category of CATEGORY_OF.get(term) ?? []) categoryHits.set(category, (categoryHits.get(category) ?? 0) + 1);
	let category: string | null = null;
	let best = MIN_CATEGORY_WORDS - 1;
	for (const [name, hits] of categoryHits) if (hits > best) [category, best] = [name, hits];

	const scored: { term: string; score: number }[] = [];
	const limit = Math.max(1, total * MAX_SHARE);
	for (const [term, count] of counts) {
		if (count < MIN_COUNT || !isWord(term)) continue;
		const df = Math.max(1, documentFrequency(term));
		if (total >= 20 && df > limit) continue;
		scored.push({ term, score: count * Math.log(1 + total / df) });
	}
	scored.sort((a, b) => b.score - a.score);
	return { tags: scored.slice(0, MAX_TAGS).map((s) => s.term), category };
}
