import { describe, expect, it } from 'vitest';
import type { ChatEvent } from '../../../src/lib/protocol/chat.ts';
import { guardEvents } from './chatStream.ts';
import { redactSecrets } from './errors.ts';

async function collect(source: AsyncIterable<ChatEvent>): Promise<ChatEvent[]> {
	const events: ChatEvent[] = [];
	for await (const event of guardEvents(source, (text) => redactSecrets(text, ['sk-secret']))) events.push(event);
	return events;
}

async function* from(events: ChatEvent[], then?: Error): AsyncGenerator<ChatEvent> {
	yield* events;
	if (then) throw then;
}

describe('guardEvents', () => {
	it('passes a well-formed stream through unchanged and stops at finish', async () => {
		const events: ChatEvent[] = [
			{ type: 'text', delta: 'a' },
			{ type: 'finish', reason: 'stop' },
			{ type: 'text', delta: 'after the end' }
		];
		expect(await collect(from(events))).toEqual(events.slice(0, 2));
	});

	it('scrubs secrets from error messages', async () => {
		const events = await collect(
			from([
				{ type: 'error', code: 'unauthorized', message: 'bad key sk-secret given' },
				{ type: 'finish', reason: 'error' }
			])
		);
		expect(events[0]).toEqual({ type: 'error', code: 'unauthorized', message: 'bad key [redacted] given' });
	});

	it('ends a stream that stops without finish with error + finish', async () => {
		const events = await collect(from([{ type: 'text', delta: 'a' }]));
		expect(events.slice(1)).toEqual([
			{ type: 'error', code: 'upstream_error', message: 'The model stopped before finishing its reply.' },
			{ type: 'finish', reason: 'error' }
		]);
	});

	it('turns a provider that throws into error + finish, without its message', async () => {
		const events = await collect(from([{ type: 'text', delta: 'a' }], new Error('boom sk-secret')));
		expect(events.slice(1)).toEqual([
			{ type: 'error', code: 'internal', message: 'The model stream failed unexpectedly.' },
			{ type: 'finish', reason: 'error' }
		]);
	});
});

describe('redactSecrets', () => {
	it('replaces every occurrence of every secret', () => {
		expect(redactSecrets('k1 and k2 and k1', ['k1', 'k2'])).toBe('[redacted] and [redacted] and [redacted]');
		expect(redactSecrets('nothing here', [])).toBe('nothing here');
	});
});
