// A burst of chunks that arrived together (one network read holding hundreds of SSE
// frames) must not hold the main thread in one long task, nor repaint per chunk.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MessageNode } from '../../core/conversationTree.ts';
import { appendMessage, createConversation } from '../../db/conversations.ts';
import { AtriumDatabase } from '../../db/database.ts';
import type { ChatEvent } from '../../protocol/chat.ts';
import type { ChatProvider } from '../../providers/types.ts';
import { streamReply } from './replyStream.ts';

let db: AtriumDatabase;
beforeEach(() => {
	db = new AtriumDatabase(`test-${crypto.randomUUID()}`);
});
afterEach(() => db.delete());

/** Yields `count` text events with no macrotask between them, each costing `costMs` of CPU. */
function burstProvider(count: number, costMs: number): ChatProvider {
	return {
		source: 'openai',
		label: 'Burst',
		listModels: async () => [],
		async *stream(): AsyncIterable<ChatEvent> {
			for (let i = 0; i < count; i++) {
				const until = performance.now() + costMs;
				while (performance.now() < until);
				yield { type: 'text', delta: `${i} ` };
			}
			yield { type: 'finish', reason: 'stop' };
		}
	};
}

async function replyNode(): Promise<MessageNode> {
	const conversation = await createConversation(db, { title: 't' });
	const now = Date.now();
	const node: MessageNode = {
		id: crypto.randomUUID(),
		conversationId: conversation.id,
		parentId: null,
		role: 'assistant',
		content: '',
		status: 'streaming',
		createdAt: now,
		updatedAt: now
	};
	await appendMessage(db, node);
	return node;
}

describe('streamReply with a burst of buffered chunks', () => {
	it('updates the UI in later tasks, at most about once a frame, never per chunk inside the burst', async () => {
		const node = await replyNode();
		// Counts task boundaries: a MessageChannel ping re-posted from each task.
		let turns = 0;
		let running = true;
		const channel = new MessageChannel();
		channel.port1.onmessage = () => {
			turns++;
			if (running) channel.port2.postMessage(null);
		};
		channel.port2.postMessage(null);
		const shownAtTurn: number[] = [];
		const shown: string[] = [];
		const started = performance.now();
		const { outcome } = await streamReply({
			db,
			node,
			provider: burstProvider(200, 0.25),
			modelId: 'm',
			messages: [{ role: 'user', content: 'go' }],
			signal: new AbortController().signal,
			onText: (text) => {
				shown.push(text);
				shownAtTurn.push(turns);
			}
		});
		running = false;
		channel.port1.close();
		const elapsed = performance.now() - started;

		expect(outcome.content.split(' ').length).toBe(201);
		expect(shown.at(-1)).toBe(outcome.content);
		// One UI update per 16 ms frame at most (plus the last), each in a task of its own.
		expect(shown.length).toBeLessThanOrEqual(Math.ceil(elapsed / 16) + 2);
		const beforeLast = shownAtTurn.slice(0, -1);
		expect(new Set(beforeLast).size).toBe(beforeLast.length);
	});
});
