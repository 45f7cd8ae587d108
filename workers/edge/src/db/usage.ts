// Writes usage rows. Called from ctx.waitUntil after a chat stream ends, so a failure here
// is logged and never reaches the user, whose reply has already been delivered.
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
