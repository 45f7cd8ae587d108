// Which messages of a path go to the model: the system prompt always, a stored summary in
// place of the turns it covers, every pinned turn, then the newest turns that fit the
// model's context window and the conversation's "keep last N messages" setting. A turn is
// a user message with the replies that answer it, and is kept or dropped whole, so a
// request never starts with a reply whose question was left out.
import type { ChatRole } from '../protocol/chat.ts';

/** Used when neither the provider nor the table below knows a model's window. */
export const DEFAULT_CONTEXT_WINDOW = 8_192;

/** Known families, first match wins (model ids without their connection prefix). */
const KNOWN_WINDOWS: ReadonlyArray<readonly [RegExp, number]> = [
	[/^gpt-4\.1/, 1_047_576],
	[/^gpt-5/, 400_000],
	[/^(o1-mini|o1-preview)/, 128_000],
	[/^(o1|o3|o4)/, 200_000],
	[/^(gpt-4o|chatgpt-4o|gpt-4-turbo|gpt-4-\d{4}-preview|gpt-4\.5|gpt-oss)/, 128_000],
	[/^gpt-4-32k/, 32_768],
	[/^gpt-4/, 8_192],
	[/^gpt-3\.5-turbo-instruct/, 4_096],
	[/^gpt-3\.5/, 16_385],
	[/^gemini-1\.5-pro/, 2_097_152],
	[/^gemini-(1\.5|2|2\.5|3)/, 1_048_576],
	[/^gemini/, 32_768],
	[/^claude/, 200_000],
	[/(llama-3\.[1-3]|llama3\.[1-3])/, 128_000],
	[/(qwen2\.5|qwen3)/, 32_768],
	[/(mistral|mixtral)/, 32_768]
];

/** A model's context window: what its source reports, else its family's, else the default. */
export function contextWindowFor(modelId: string, reported?: number): { tokens: number; known: boolean } {
	if (reported && reported > 0) return { tokens: reported, known: true };
	const id = modelId.toLowerCase().replace(/^.*\//, '').replace(/^models\//, '');
	for (const [pattern, tokens] of KNOWN_WINDOWS) if (pattern.test(id)) return { tokens, known: true };
	return { tokens: DEFAULT_CONTEXT_WINDOW, known: false };
}

/** Tokens left for the reply: a quarter of the window, at most 4,096. */
export function replyReserve(window: number): number {
	return Math.min(4_096, Math.floor(window / 4));
}

export interface ContextTurn {
	id: string;
	role: ChatRole;
	/** Tokens this message costs in a request (text plus per-message overhead). */
	tokens: number;
	pinned: boolean;
}

export interface FitOptions {
	/** Tokens of the system prompt (0 without one) and of request priming. */
	baseTokens: number;
	/** Most tokens the messages may use (the window minus the reply's reserve). */
	budget: number;
	/** Keep only the last N messages (pinned turns come too); null or undefined: no limit. */
	keepLast?: number | null;
	/** A stored summary used in place of the turns up to and including `throughId`. */
	summary?: { throughId: string; tokens: number } | null;
}

export interface ContextFit {
	/** Ids of the messages to send, in path order. */
	keep: string[];
	/** Messages not sent and not covered by the summary ("n earlier messages not sent"). */
	leftOut: number;
	/** Messages replaced by the summary. */
	summarised: number;
	/** Whether the summary goes with the request (its turns are on this path). */
	useSummary: boolean;
	/** Tokens of everything sent: base, summary and kept messages. */
	usedTokens: number;
	/** Even the mandatory part (system, summary, pinned, newest turn) exceeds the budget. */
	overBudget: boolean;
	/** Ids of the messages left out, oldest first (what "Summarise older messages" covers). */
	leftOutIds: string[];
}

interface Unit {
	turns: ContextTurn[];
	/** Index in the path of the unit's last message. */
	end: number;
	tokens: number;
	pinned: boolean;
	covered: boolean;
}

function toUnits(turns: readonly ContextTurn[], coveredThrough: number): Unit[] {
	const units: Unit[] = [];
	turns.forEach((turn, index) => {
		const last = units[units.length - 1];
		if (!last || turn.role === 'user') units.push({ turns: [turn], end: index, tokens: turn.tokens, pinned: turn.pinned, covered: false });
		else {
			last.turns.push(turn);
			last.end = index;
			last.tokens += turn.tokens;
			last.pinned ||= turn.pinned;
		}
	});
	for (const unit of units) unit.covered = unit.end <= coveredThrough;
	return units;
}

/** Chooses the messages of `turns` (a path, oldest first) to send. */
export function fitContext(turns: readonly ContextTurn[], options: FitOptions): ContextFit {
	const coveredThrough = options.summary ? turns.findIndex((turn) => turn.id === options.summary!.throughId) : -1;
	const useSummary = coveredThrough >= 0;
	const units = toUnits(turns, coveredThrough);
	const newest = units[units.length - 1];
	const kept = new Set<Unit>();
	let used = options.baseTokens + (useSummary ? options.summary!.tokens : 0);
	for (const unit of units) {
		if (unit === newest || unit.pinned) {
			kept.add(unit);
			used += unit.tokens;
		}
	}
	const overBudget = used > options.budget;
	const keepLast = options.keepLast ?? null;
	// A unit overlapping the last N messages is kept whole (N rounds up to a whole turn).
	const firstInWindow = keepLast === null ? 0 : Math.max(0, turns.length - Math.max(1, keepLast));
	for (const unit of [...units].reverse()) {
		if (kept.has(unit)) continue;
		if (unit.covered || unit.end < firstInWindow || used + unit.tokens > options.budget) break;
		kept.add(unit);
		used += unit.tokens;
	}
	const keep: string[] = [];
	const leftOutIds: string[] = [];
	let summarised = 0;
	for (const unit of units) {
		if (kept.has(unit)) keep.push(...unit.turns.map((turn) => turn.id));
		else if (unit.covered) summarised += unit.turns.length;
		else leftOutIds.push(...unit.turns.map((turn) => turn.id));
	}
	return { keep, leftOut: leftOutIds.length, summarised, useSummary, usedTokens: used, overBudget, leftOutIds };
}
