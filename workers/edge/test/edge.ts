// Helpers for calling the edge inside workerd. `callEdge` invokes the Worker's fetch
// handler directly, so a test can vary the bindings and wait for its waitUntil work
// (the usage record); tests of the real request path use `exports.default.fetch`.
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { chatEventSchema, type ChatEvent, type ChatRequest } from '../../../src/lib/protocol/chat.ts';
import { decodeSseEvents } from '../../../src/lib/protocol/sse.ts';
import type { EdgeEnv } from '../src/env.ts';
import worker from '../src/index.ts';

export const EDGE_ORIGIN = 'https://edge.test';

export interface EdgeCall {
	response: Response;
	/** Resolves once the call's background work (ctx.waitUntil) has finished. */
	settled(): Promise<void>;
}

export async function callEdge(
	path: string,
	init: RequestInit = {},
	overrides: Partial<EdgeEnv> = {}
): Promise<EdgeCall> {
	const ctx = createExecutionContext();
	const response = await worker.fetch(new Request(`${EDGE_ORIGIN}${path}`, init), { ...env, ...overrides }, ctx);
	return { response, settled: () => waitOnExecutionContext(ctx) };
}

/** A unique client address per test, so burst limits never carry over between tests. */
export function clientIp(): string {
	const n = crypto.getRandomValues(new Uint8Array(3));
	return `10.${n[0]}.${n[1]}.${n[2]}`;
}

export function chatInit(body: ChatRequest | string, headers: Record<string, string> = {}): RequestInit {
	return {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': clientIp(), ...headers },
		body: typeof body === 'string' ? body : JSON.stringify(body)
	};
}

export function userMessage(model: string, text: string): ChatRequest {
	return { model, messages: [{ role: 'user', content: text }] };
}

export async function readEvents(response: Response): Promise<ChatEvent[]> {
	if (!response.body) throw new Error('response has no body');
	const events: ChatEvent[] = [];
	for await (const event of decodeSseEvents(response.body)) events.push(chatEventSchema.parse(event));
	return events;
}

export function textOf(events: readonly ChatEvent[]): string {
	return events.map((event) => (event.type === 'text' ? event.delta : '')).join('');
}

/** Polls until `check` returns a value, for effects that land after the response. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 5_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
		await new Promise((resolve) => setTimeout(resolve, 25));
	}
}

/** The requests a fake upstream recorded (its `/__fake/requests` endpoint). */
export async function upstreamRequests(baseUrl: string): Promise<UpstreamRequest[]> {
	const response = await fetch(`${new URL(baseUrl).origin}/__fake/requests`);
	return (await response.json()) as UpstreamRequest[];
}

export interface UpstreamRequest {
	method: string;
	path: string;
	headers: Record<string, string>;
	body: unknown;
	status: number;
	aborted: boolean;
}
