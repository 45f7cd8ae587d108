import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConversation } from '$lib/db/conversations.ts';
import { AtriumDatabase } from '$lib/db/database.ts';
import { enableSync } from '$lib/sync/opClock.ts';
import { listConversations, setArchived } from './conversationQueries.ts';

let db: AtriumDatabase;
beforeEach(() => {
	db = new AtriumDatabase(`test-${crypto.randomUUID()}`);
});
afterEach(() => db.delete());

describe('conversation list views', () => {
	it('moves a conversation between Chats and Archived without changing its place', async () => {
		const old = await createConversation(db, { title: 'old', updatedAt: 1_000 });
		const mid = await createConversation(db, { title: 'mid', updatedAt: 2_000 });
		await createConversation(db, { title: 'new', updatedAt: 3_000 });
		const titles = async (view: 'chats' | 'archived', limit = 10) =>
			(await listConversations(db, view, limit)).map((c) => c.title);

		await setArchived(db, mid.id, true);
		await setArchived(db, old.id, true);
		expect(await titles('chats')).toEqual(['new']);
		expect(await titles('archived')).toEqual(['mid', 'old']);
		expect(await titles('archived', 1)).toEqual(['mid']);

		await setArchived(db, mid.id, false);
		expect(await titles('chats')).toEqual(['new', 'mid']);
		expect((await db.conversations.get(mid.id))?.updatedAt).toBe(2_000);
	});

	it('records archiving as a synced field change', async () => {
		await enableSync(db);
		const conversation = await createConversation(db, { title: 't' });
		await setArchived(db, conversation.id, true);
		const ops = await db.outbox.toArray();
		expect(ops.at(-1)).toMatchObject({ op: { type: 'conversation.set', fields: { archived: true } } });
	});
});
