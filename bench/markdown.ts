// Markdown rendering, measured on the pure renderer in Node: full-render throughput over
// ~1 MB of model-like messages, and the per-token cost of streaming a 20 KB message,
// which must not grow with the message's length. `node bench/markdown.ts` prints JSON.
import { pathToFileURL } from 'node:url';
import { Marked } from 'marked';
import { createIncrementalRenderer } from '../src/lib/workers/markdown/incremental.ts';
import { renderMarkdownToHtml } from '../src/lib/workers/markdown/render.ts';
import { sampleDocuments, sampleMessage } from '../src/lib/workers/markdown/sampleDocuments.ts';

const CORPUS_BYTES = 1_000_000;
const MESSAGE_CHARS = 20_000;
const TOKEN_CHARS = 4;
const WINDOW_CHARS = 1_024;
const RUNS = 3;

function median(values: readonly number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

/**
 * Model-like messages adding up to ~1 MB. Each copy gets its own numbers inside the math,
 * so KaTeX's cache does not make repeated formulas free.
 */
function corpus(): string[] {
	const messages: string[] = [];
	let bytes = 0;
	for (let i = 0; bytes < CORPUS_BYTES; i++) {
		const doc = sampleDocuments[i % sampleDocuments.length]!;
		const text = doc.text
			.replace(/\$\$\n([^$]+?)\n\$\$/g, (_m, tex: string) => `$$\n${tex} + ${i}\n$$`)
			.replace(/(^|[^$])\$([^$\n]+?)\$(?!\d)/g, (_m, before: string, tex: string) => `${before}$${tex} + ${i}$`);
		messages.push(text);
		bytes += Buffer.byteLength(text);
	}
	return messages;
}

/** Median MB/s of `render` over `messages`, after a JIT warm-up. */
function throughputMBps(messages: readonly string[], render: (text: string) => unknown): number {
	const bytes = messages.reduce((sum, text) => sum + Buffer.byteLength(text), 0);
	for (const text of messages.slice(0, 50)) render(text);
	const seconds: number[] = [];
	for (let run = 0; run < RUNS; run++) {
		const started = performance.now();
		for (const text of messages) render(text);
		seconds.push((performance.now() - started) / 1000);
	}
	return bytes / 1e6 / median(seconds);
}

interface TokenCost {
	micros: number;
	lexed: number;
}

/** Streams `text` token by token through a fresh incremental renderer, timing each update. */
function streamTokens(text: string): TokenCost[] {
	const renderer = createIncrementalRenderer();
	const costs: TokenCost[] = [];
	for (let end = TOKEN_CHARS; end < text.length + TOKEN_CHARS; end += TOKEN_CHARS) {
		const prefix = text.slice(0, Math.min(end, text.length));
		const started = performance.now();
		renderer.update(prefix);
		costs.push({ micros: (performance.now() - started) * 1000, lexed: renderer.stats.lastLexedChars });
	}
	return costs;
}

export default async function bench(): Promise<Record<string, number>> {
	const messages = corpus();
	const mbps = throughputMBps(messages, renderMarkdownToHtml);
	// Plain marked (no highlighting, no math) on the same text: the machine's yardstick.
	const plain = new Marked({ gfm: true });
	const baselineMbps = throughputMBps(messages, (text) => plain.parse(text));

	const message = sampleMessage(MESSAGE_CHARS);
	streamTokens(message); // warm up
	const costs = streamTokens(message);
	const windowTokens = WINDOW_CHARS / TOKEN_CHARS;
	const first = costs.slice(0, windowTokens);
	const last = costs.slice(-windowTokens);
	const firstMicros = median(first.map((cost) => cost.micros));
	const lastMicros = median(last.map((cost) => cost.micros));

	// For contrast: re-rendering the whole message per token, as a naive renderer would.
	const naive: number[] = [];
	for (let end = message.length - WINDOW_CHARS; end <= message.length; end += TOKEN_CHARS * 8) {
		const prefix = message.slice(0, end);
		const started = performance.now();
		renderMarkdownToHtml(prefix);
		naive.push((performance.now() - started) * 1000);
	}

	const finishStarted = performance.now();
	createIncrementalRenderer().finish(message);
	const finishMs = performance.now() - finishStarted;

	return {
		corpusBytes: messages.reduce((sum, text) => sum + Buffer.byteLength(text), 0),
		fullRenderMBps: round(mbps),
		plainMarkedBaselineMBps: round(baselineMbps),
		streamMessageChars: message.length,
		streamTokens: costs.length,
		streamFirstKbMedianMicrosPerToken: round(firstMicros, 1),
		streamLastKbMedianMicrosPerToken: round(lastMicros, 1),
		streamLastOverFirstRatio: round(lastMicros / firstMicros),
		streamFirstKbCharsLexedPerToken: round(mean(first.map((cost) => cost.lexed)), 1),
		streamLastKbCharsLexedPerToken: round(mean(last.map((cost) => cost.lexed)), 1),
		naiveFullRerenderLastKbMedianMicrosPerToken: round(median(naive), 1),
		finishFullRenderMs: round(finishMs)
	};
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	console.log(JSON.stringify(await bench(), null, 2));
}
