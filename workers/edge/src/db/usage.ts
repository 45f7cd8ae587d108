// Writes usage: one row per proxied chat call (after its stream ends, from ctx.waitUntil, so a
// failure here is logged and never reaches the user) and one counter per user and day of API calls.
import { drizzle } from 'drizzle-orm/d1';
import type { FinishReason } from '../../../../src/lib/protocol/chat.ts';
import { usage } from './schema.ts';

export interface ChatUsage {
	model: string;
	inputTokens: number;
	outputTokens: number;
	status: FinishReason;
	at: Date;
	/** The signed-in caller, or null. */
	userId: string | null;
}

export async function recordUsage(db: D1Database, call: ChatUsage): Promise<void> {
	await drizzle(db)
		.insert(usage)
		.values({
			day: call.at.toISOString().slice(0, 10),
			model: call.model,
			inputTokens: call.inputTokens,
			outputTokens: call.outputTokens,
			status: call.status,
			createdAt: call.at,
			userId: call.userId
		});
}

/**
 * Counts one API call by `userId` on `at`'s UTC day: a single-row upsert. The row is only
 * written while the account exists, so a call that deleted it is not an error.
 */
export async function recordApiCall(db: D1Database, userId: string, at: Date): Promise<void> {
	await db
		.prepare(
			`INSERT INTO api_calls (user_id, day, calls) SELECT ?1, ?2, 1 WHERE EXISTS (SELECT 1 FROM users WHERE id = ?1)
			 ON CONFLICT (user_id, day) DO UPDATE SET calls = calls + 1`
		)
		.bind(userId, at.toISOString().slice(0, 10))
		.run();
}
