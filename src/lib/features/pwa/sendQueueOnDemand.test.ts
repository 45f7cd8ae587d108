// The send queue's start check, below the UI, on a real (fake-indexeddb) Dexie database.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AtriumDatabase } from '../../db/database.ts';
import { QueueOnDemand } from './sendQueueOnDemand.ts';

let db: AtriumDatabase;
beforeEach(() => {
	db = new AtriumDatabase(`test-${crypto.randomUUID()}`);
});
afterEach(async () => {
	await db.delete();
});

function queue(): QueueOnDemand {
	return new QueueOnDemand({ db, deliver: async () => 'complete', needsNetwork: () => true, online: () => true });
}

describe('the send queue at start', () => {
	it('opens the database and finds nothing waiting without loading the delivery', async () => {
		expect(db.isOpen()).toBe(false);
		const onDemand = queue();
		expect(await onDemand.flush()).toBe(true);
		expect(db.isOpen()).toBe(true);
		// Only a loaded delivery hands queued messages to a session.
		expect(() => onDemand.hook.node({ id: 'q', conversationId: 'c', parentId: null, content: 'x', model: 'm', replyId: 'r', queuedAt: 1 })).toThrow(/before the send queue loaded/);
	});
});
