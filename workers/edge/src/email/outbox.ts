// The development outbox: emails kept in D1 instead of (or as well as) being sent, so a
// developer or an end-to-end test can open the links. Served only when EMAIL_OUTBOX=1.
import { desc, eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import type { OutboxMessage } from '../../../../src/lib/protocol/auth.ts';
import { devOutbox } from '../db/schema.ts';
import type { Mailer } from './mailer.ts';

/** How many messages GET /api/dev/outbox returns at most, newest first. */
const OUTBOX_PAGE = 50;

export function outboxTransport(db: D1Database): Mailer {
	return {
		async send(message) {
			await drizzle(db).insert(devOutbox).values({
				recipient: message.to,
				subject: message.subject,
				text: message.text,
				html: message.html,
				createdAt: new Date()
			});
		}
	};
}

export async function readOutbox(db: D1Database, to?: string): Promise<OutboxMessage[]> {
	const rows = await drizzle(db)
		.select()
		.from(devOutbox)
		.where(to ? eq(devOutbox.recipient, to) : undefined)
		.orderBy(desc(devOutbox.id))
		.limit(OUTBOX_PAGE);
	return rows.map((row) => ({
		id: row.id,
		to: row.recipient,
		subject: row.subject,
		text: row.text,
		html: row.html,
		createdAt: row.createdAt.toISOString()
	}));
}
