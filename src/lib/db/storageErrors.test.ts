import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MessageNode } from '../core/conversationTree.ts';
import { appendMessage, createConversation, loadMessages } from './conversations.ts';
import { AtriumDatabase } from './database.ts';
import { isQuotaExceeded, STORAGE_FULL_MESSAGE, storageErrorMessage } from './storageErrors.ts';

const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

describe('isQuotaExceeded', () => {
	it('recognises the DOMException and Dexie’s own QuotaExceededError', () => {
		expect(isQuotaExceeded(quota())).toBe(true);
		expect(isQuotaExceeded(new Dexie.QuotaExceededError('full'))).toBe(true);
		expect(isQuotaExceeded({ name: 'NS_ERROR_DOM_QUOTA_REACHED' })).toBe(true);
	});

	it('looks through Dexie wrappers: inner, cause, bulk and modify failures', () => {
		expect(isQuotaExceeded(new Dexie.AbortError('Transaction aborted', quota()))).toBe(true);
		expect(isQuotaExceeded(new Error('write failed', { cause: quota() }))).toBe(true);
		expect(isQuotaExceeded(new Dexie.BulkError('bulkAdd failed', { 3: quota() }))).toBe(true);
		expect(isQuotaExceeded(new Dexie.ModifyError('modify failed', [quota()], 0, []))).toBe(true);
	});

	it('says no to other failures and to non-errors', () => {
		expect(isQuotaExceeded(new Dexie.ConstraintError('Key already exists'))).toBe(false);
		expect(isQuotaExceeded(new Dexie.AbortError('Transaction aborted', new DOMException('x', 'AbortError')))).toBe(false);
		expect(isQuotaExceeded(new Error('QuotaExceededError mentioned in a message only'))).toBe(false);
		for (const value of [null, undefined, 'QuotaExceededError', 22, {}]) expect(isQuotaExceeded(value)).toBe(false);
	});

	it('stops on cyclic wrappers', () => {
		const a: { name: string; inner?: unknown } = { name: 'AbortError' };
		a.inner = { name: 'AbortError', inner: a };
		expect(isQuotaExceeded(a)).toBe(false);
	});
});

describe('storageErrorMessage', () => {
	it('tells the user what to clean up, and only for quota failures', () => {
		expect(storageErrorMessage(new Dexie.AbortError('Transaction aborted', quota()))).toBe(STORAGE_FULL_MESSAGE);
		expect(STORAGE_FULL_MESSAGE).toMatch(/storage is full.*delete old conversations.*nothing stored was lost/i);
		expect(storageErrorMessage(new Error('network down'))).toBeNull();
	});
});

describe('a write that hits the quota', () => {
	let db: AtriumDatabase;
	beforeEach(() => {
		db = new AtriumDatabase(`test-${crypto.randomUUID()}`);
	});
	afterEach(async () => {
		await db.delete();
	});

	function node(conversationId: string, id: string, parentId: string | null): MessageNode {
		return { id, conversationId, parentId, role: 'user', content: id, status: 'complete', createdAt: 1, updatedAt: 1 };
	}

	it('is recognised, and what was stored before stays intact', async () => {
		const conversation = await createConversation(db);
		await appendMessage(db, node(conversation.id, 'kept', null));
		// The storage layer refuses the next write the way a full origin does.
		const refuse = () => {
			throw quota();
		};
		db.messages.hook('creating', refuse);
		const failure = await appendMessage(db, node(conversation.id, 'refused', 'kept')).catch((error: unknown) => error);
		db.messages.hook('creating').unsubscribe(refuse);

		expect(storageErrorMessage(failure)).toBe(STORAGE_FULL_MESSAGE);
		expect((await loadMessages(db, conversation.id)).map((m) => m.id)).toEqual(['kept']);
		const stored = await db.conversations.get(conversation.id);
		expect(stored).toMatchObject({ currentLeafId: 'kept', messageCount: 1 });
	});
});
