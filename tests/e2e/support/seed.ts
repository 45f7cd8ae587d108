// Writes a long linear conversation straight into the app's IndexedDB (as another tab or
// an import would), for tests and benches that need thousands of messages fast.
import type { Page } from 'playwright-core';

export interface SeedOptions {
	count: number;
	title?: string;
	/** Replaces the default `message number <i>` text of particular messages. */
	contentAt?: Record<number, string>;
}

/** Returns the new conversation's id; message i has id `<conversation id>-<i>`. */
export function seedConversation(page: Page, options: SeedOptions): Promise<string> {
	return page.evaluate(async ({ count, title, contentAt }) => {
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const open = indexedDB.open('atrium');
			open.onsuccess = () => resolve(open.result);
			open.onerror = () => reject(open.error);
		});
		const tx = db.transaction(['conversations', 'messages'], 'readwrite');
		const conversationId = crypto.randomUUID();
		let parentId: string | null = null;
		const now = Date.now();
		for (let i = 0; i < count; i++) {
			const messageId = `${conversationId}-${i}`;
			tx.objectStore('messages').put({
				id: messageId,
				conversationId,
				parentId,
				role: i % 2 ? 'assistant' : 'user',
				content: contentAt[i] ?? `message number ${i}`,
				status: 'complete',
				createdAt: now - count + i,
				updatedAt: now - count + i
			});
			parentId = messageId;
		}
		tx.objectStore('conversations').put({
			id: conversationId,
			title,
			titleSource: 'user',
			systemPrompt: '',
			model: null,
			currentLeafId: parentId,
			messageCount: count,
			createdAt: now,
			updatedAt: now
		});
		await new Promise((resolve, reject) => {
			tx.oncomplete = resolve;
			tx.onerror = () => reject(tx.error);
		});
		db.close();
		return conversationId;
	}, { count: options.count, title: options.title ?? 'Seeded conversation', contentAt: options.contentAt ?? {} });
}
