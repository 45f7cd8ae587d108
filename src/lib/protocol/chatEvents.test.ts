import { describe, expect, it } from 'vitest';
import { chatEventSchema, type ChatEvent } from './chatEvents.ts';
import { decodeSseEvents, encodeSseEvent } from './sse.ts';

function streamOf(text: string, pieces: number): ReadableStream<Uint8Array> {
	const bytes = new TextEncoder().encode(text);
	const size = Math.ceil(bytes.length / pieces);
	return new ReadableStream({
		start(controller) {
			for (let at = 0; at < bytes.length; at += size) controller.enqueue(bytes.slice(at, at + size));
			controller.close();
		}
	});
}

async function decode(text: string, pieces = 7): Promise<ChatEvent[]> {
	const events: ChatEvent[] = [];
	for await (const event of decodeSseEvents(streamOf(text, pieces))) events.push(event);
	return events;
}

const reply: ChatEvent[] = [
	{ type: 'text', delta: 'Hel' },
	{ type: 'text', delta: 'lo\n\nthere' },
	{ type: 'tool_call', id: 'c1', name: 'search', arguments: '{"q":"x"}' },
	{ type: 'usage', inputTokens: 12, outputTokens: 0 },
	{ type: 'error', code: 'rate_limited', message: 'Slow down' },
	{ type: 'finish', reason: 'stop' }
];

describe('chat events', () => {
	it('accepts every kind of event as it is', () => {
		for (const event of reply) expect(chatEventSchema.parse(event)).toEqual(event);
	});

	it.each([
		['an unknown type', { type: 'thinking', delta: 'x' }],
		['a negative count', { type: 'usage', inputTokens: -1, outputTokens: 0 }],
		['a fractional count', { type: 'usage', inputTokens: 1.5, outputTokens: 0 }],
		['an unknown error code', { type: 'error', code: 'teapot', message: 'x' }],
		['an unknown finish reason', { type: 'finish', reason: 'bored' }],
		['a text without its delta', { type: 'text' }]
	])('rejects %s', (_name, event) => {
		expect(chatEventSchema.safeParse(event).success).toBe(false);
	});

	it('decodes frames split anywhere across chunks, skipping comments', async () => {
		const text = `: keep-alive\n\n${reply.map(encodeSseEvent).join('')}`;
		expect(await decode(text, 1)).toEqual(reply);
		expect(await decode(text, 13)).toEqual(reply);
		expect(await decode(text.replaceAll('\n', '\r\n'), 5)).toEqual(reply);
	});

	it('fails on an event that breaks the schema', async () => {
		const text = encodeSseEvent(reply[0]!) + 'data: {"type":"usage","inputTokens":-3,"outputTokens":1}\n\n';
		await expect(decode(text)).rejects.toThrow();
	});
});
