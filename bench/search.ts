// Search, measured through the app's own index (src/lib/workers/search) on 100,000
// generated messages: indexing time and heap, query latency over ~200 mixed queries
// (words, phrases, prefixes, typos), recall on planted known answers, the stored
// snapshot's size and load time, and incremental updates. `node bench/search.ts` prints JSON.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { pathToFileURL } from 'node:url';
import { MessageIndex } from '../src/lib/workers/search/messageIndex.ts';
import { Searcher } from '../src/lib/workers/search/searcher.ts';
import { generateCorpus } from './searchCorpus.ts';

const MESSAGES = Number(process.env.SEARCH_BENCH_MESSAGES ?? 100_000);
const MB = 2 ** 20;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
function heapUsed(): number {
	gc();
	gc();
	return process.memoryUsage().heapUsed;
}

const round = (value: number, digits = 2): number => Number(value.toFixed(digits));
const percentile = (sorted: readonly number[], p: number): number =>
	sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function latencies(run: (query: string) => Promise<unknown>, queries: readonly string[]): Promise<number[]> {
	for (const query of queries.slice(0, 20)) await run(query);
	const times: number[] = [];
	for (const query of queries) {
		const started = performance.now();
		await run(query);
		times.push(performance.now() - started);
	}
	return times.sort((a, b) => a - b);
}

export default async function bench(): Promise<Record<string, number>> {
	const corpus = generateCorpus(MESSAGES);
	const texts = new Map(corpus.messages.map((m) => [m.id, m.content]));
	const held = corpus.messages.slice(-100);

	const before = heapUsed();
	let started = performance.now();
	let index = new MessageIndex();
	for (const conversation of corpus.conversations) index.putConversation(conversation);
	for (const message of corpus.messages.slice(0, -held.length)) index.putMessage(message);
	const indexMs = performance.now() - started;
	const heapMB = (heapUsed() - before) / MB;

	started = performance.now();
	for (const message of held) index.putMessage(message);
	const addMs = (performance.now() - started) / held.length;

	const searcher = new Searcher(index, async (ids) => ids.map((id) => texts.get(id)));
	// Each query is new to the searcher: no page cache between them.
	const search = (query: string) => {
		searcher.changed();
		return searcher.search({ query, limit: 50 });
	};
	const all = await latencies(search, corpus.queries);
	const filtered = await latencies((query) => {
		searcher.changed();
		return searcher.search({ query, limit: 50, filters: { role: 'assistant', from: Date.UTC(2024, 6, 1) } });
	}, corpus.queries);

	let recall = 0;
	for (const known of corpus.knownAnswers) {
		const { hits } = await search(known.query);
		const top = hits.slice(0, known.expected.length).map((h) => h.messageId);
		recall += known.expected.filter((id) => top.includes(id)).length / known.expected.length;
	}

	started = performance.now();
	const json = index.toJSON();
	const snapshotSaveMs = performance.now() - started;
	started = performance.now();
	index = MessageIndex.fromJSON(json)!;
	const snapshotLoadMs = performance.now() - started;
	searcher.changed(index);
	const restoredHits = (await search(corpus.knownAnswers[0]!.query)).hits.length;

	started = performance.now();
	const removed = corpus.conversations.slice(0, 20);
	for (const conversation of removed) index.removeConversation(conversation.id);
	const removeConversationMs = (performance.now() - started) / removed.length;

	return {
		messages: corpus.messages.length,
		corpusMB: round(corpus.chars / 1e6, 1),
		indexMs: Math.round(indexMs),
		indexMessagesPerSec: Math.round((corpus.messages.length - held.length) / (indexMs / 1000)),
		heapMB: round(heapMB, 1),
		queryP50Ms: round(percentile(all, 50), 3),
		queryP95Ms: round(percentile(all, 95), 3),
		queryMaxMs: round(all[all.length - 1]!, 3),
		filteredQueryP95Ms: round(percentile(filtered, 95), 3),
		knownAnswerRecall: round(recall / corpus.knownAnswers.length, 3),
		addMessageMs: round(addMs, 3),
		removeConversationMs: round(removeConversationMs, 3),
		snapshotMB: round(json.length / MB, 1),
		snapshotSaveMs: Math.round(snapshotSaveMs),
		snapshotLoadMs: Math.round(snapshotLoadMs),
		restoredHits
	};
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	console.log(JSON.stringify(await bench(), null, 2));
}
