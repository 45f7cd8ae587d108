// One-off comparison of full-text engines behind decision 0003 (MiniSearch, FlexSearch,
// Orama) on the 100k-message corpus of searchCorpus.ts. Not part of `npm run bench`, and
// the losing engines are not dependencies: install them somewhere and point at it:
//   mkdir /tmp/engines && npm i --prefix /tmp/engines minisearch flexsearch @orama/orama
//   SEARCH_ENGINES_DIR=/tmp/engines node bench/searchEngines.mjs [engine] [messages]
// Each engine runs in its own process (with --expose-gc) so heap figures do not mix.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateCorpus } from './searchCorpus.ts';

const ENGINES = ['minisearch', 'flexsearch', 'orama'];
const LIMIT = 50;
const dir = process.env.SEARCH_ENGINES_DIR ?? process.cwd();
const resolveFrom = createRequire(join(dir, 'package.json'));
const load = (name) => import(pathToFileURL(resolveFrom.resolve(name)).href);

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const round = (value, digits = 2) => Number(value.toFixed(digits));
const heap = () => {
	globalThis.gc?.();
	globalThis.gc?.();
	return process.memoryUsage().heapUsed;
};

/** Quoted text is a phrase: the engines search its words, and we keep exact matches. */
function parse(query) {
	const phrases = [...query.matchAll(/"([^"]+)"/g)].map((m) => m[1].toLowerCase());
	return { text: query.replace(/"/g, ' ').trim(), phrases };
}

async function adapter(name) {
	if (name === 'minisearch') {
		const { default: MiniSearch } = await load('minisearch');
		const options = { fields: ['content'], idField: 'id' };
		const search = {
			combineWith: 'AND',
			prefix: (term, i, terms) => i === terms.length - 1 && term.length >= 2,
			fuzzy: (term) => (term.length >= 4 ? 0.25 : false)
		};
		let index = new MiniSearch(options);
		return {
			build: (docs) => index.addAll(docs),
			search: (text) => index.search(text, search).slice(0, LIMIT).map((r) => r.id),
			add: (doc) => index.add(doc),
			remove: (id) => index.discard(id),
			save: () => JSON.stringify(index),
			restore: (json) => (index = MiniSearch.loadJSON(json, options))
		};
	}
	if (name === 'flexsearch') {
		const { default: FlexSearch } = await load('flexsearch');
		const options = {
			document: { id: 'id', index: [{ field: 'content', tokenize: 'forward', encoder: FlexSearch.Charset.LatinBalance }] },
			cache: false
		};
		let index = new FlexSearch.Document(options);
		return {
			build: (docs) => docs.forEach((doc) => index.add(doc)),
			search: (text) => (index.search(text, { limit: LIMIT, suggest: true })[0]?.result ?? []).slice(0, LIMIT),
			add: (doc) => index.add(doc),
			remove: (id) => index.remove(id),
			save: () => {
				const parts = {};
				index.export((key, data) => (parts[key] = data));
				return JSON.stringify(parts);
			},
			restore: (json) => {
				index = new FlexSearch.Document(options);
				for (const [key, data] of Object.entries(JSON.parse(json))) index.import(key, data);
			}
		};
	}
	const orama = await load('@orama/orama');
	let db = orama.create({ schema: { content: 'string' } });
	const run = (text) => orama.search(db, { term: text, tolerance: 1, limit: LIMIT, properties: ['content'] });
	return {
		build: (docs) => orama.insertMultiple(db, docs, 1000),
		search: async (text) => (await run(text)).hits.map((h) => h.id),
		add: (doc) => orama.insert(db, doc),
		remove: (id) => orama.remove(db, id),
		save: () => JSON.stringify(orama.save(db)),
		restore: (json) => {
			db = orama.create({ schema: { content: 'string' } });
			orama.load(db, JSON.parse(json));
		}
	};
}

async function measure(name, count) {
	const corpus = generateCorpus(count);
	const docs = corpus.messages.map((m) => ({ id: m.id, content: m.content }));
	const content = new Map(docs.map((d) => [d.id, d.content.toLowerCase()]));
	const engine = await adapter(name);
	const query = async (q) => {
		const { text, phrases } = parse(q);
		const ids = await engine.search(text);
		return phrases.length ? ids.filter((id) => phrases.every((p) => content.get(id).includes(p))) : ids;
	};

	const before = heap();
	let started = performance.now();
	await engine.build(docs.slice(0, docs.length - 100));
	const buildMs = performance.now() - started;
	const heapMB = (heap() - before) / 2 ** 20;

	started = performance.now();
	for (const doc of docs.slice(docs.length - 100)) await engine.add(doc);
	const addMs = (performance.now() - started) / 100;

	for (const q of corpus.queries.slice(0, 20)) await query(q);
	const times = [];
	for (const q of corpus.queries) {
		const t = performance.now();
		await query(q);
		times.push(performance.now() - t);
	}
	times.sort((a, b) => a - b);

	const quality = {};
	let recall = 0;
	for (const known of corpus.knownAnswers) {
		const top = (await query(known.query)).slice(0, known.expected.length);
		const found = known.expected.filter((id) => top.includes(id)).length / known.expected.length;
		quality[`${known.kind}:${known.query}`] = round(found);
		recall += found;
	}

	started = performance.now();
	const json = await engine.save();
	const saveMs = performance.now() - started;
	started = performance.now();
	await engine.restore(json);
	const loadMs = performance.now() - started;
	const restored = (await query(corpus.knownAnswers[0].query)).length;

	started = performance.now();
	for (const doc of docs.slice(0, 100)) await engine.remove(doc.id);
	const removeMs = (performance.now() - started) / 100;

	return {
		engine: name,
		messages: docs.length,
		corpusMB: round(corpus.chars / 1e6, 1),
		buildMs: Math.round(buildMs),
		heapMB: round(heapMB, 1),
		queryP50Ms: round(percentile(times, 50), 3),
		queryP95Ms: round(percentile(times, 95), 3),
		queryMaxMs: round(times[times.length - 1], 3),
		recallAtK: round(recall / corpus.knownAnswers.length, 3),
		addMs: round(addMs, 3),
		removeMs: round(removeMs, 3),
		snapshotMB: round(json.length / 2 ** 20, 1),
		snapshotSaveMs: Math.round(saveMs),
		snapshotLoadMs: Math.round(loadMs),
		restoredHits: restored,
		quality
	};
}

const [only, count = '100000'] = process.argv.slice(2);
if (only && only !== 'all') {
	console.log(JSON.stringify(await measure(only, Number(count))));
} else {
	const results = [];
	for (const name of ENGINES) {
		process.stderr.write(`${name}…\n`);
		const child = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=8192', fileURLToPath(import.meta.url), name, count], {
			encoding: 'utf8',
			env: process.env,
			maxBuffer: 1 << 24
		});
		const line = child.stdout.trim().split('\n').pop();
		results.push(child.status === 0 && line ? JSON.parse(line) : { engine: name, error: child.stderr.slice(-500) });
	}
	console.log(JSON.stringify(results, null, 2));
}
