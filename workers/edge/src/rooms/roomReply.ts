// Runs one model call for a room with the server-held keys, through the same upstreams and
// stream guard as POST /api/chat, reporting text as it arrives and how the reply ended.
// The room's owner pays: each reply counts against the owner's daily quota and is recorded
// in the owner's usage, whoever in the room asked (a guest has no quota of their own).
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import type { ChatMessage, FinishReason } from '../../../../src/lib/protocol/chat.ts';
import { createOutcome, guardEvents } from '../chatStream.ts';
import { readEdgeConfig } from '../config.ts';
import { users } from '../db/schema.ts';
import { recordUsage } from '../db/usage.ts';
import type { EdgeEnv } from '../env.ts';
import { HttpError, redactSecrets } from '../errors.ts';
import { admitDaily } from '../quota/dailyQuota.ts';
import { readDailyLimits } from '../quota/quotaConfig.ts';
import { configuredUpstreams, resolveModel } from '../upstreams.ts';

export interface ReplySink {
	delta(text: string): void;
	end(status: 'complete' | 'error', error?: string): void;
}

export interface ReplyRequest {
	model: string;
	messages: ChatMessage[];
	/** The room owner's user id: whose quota and usage the reply counts against. */
	ownerId: string;
}

/** Never throws: every failure ends the reply with status `error` and a message. */
export async function generateReply(env: EdgeEnv, request: ReplyRequest, sink: ReplySink): Promise<void> {
	let config: ReturnType<typeof readEdgeConfig>;
	try {
		config = readEdgeConfig(env);
	} catch {
		sink.end('error', 'The server is misconfigured: it cannot call a model.');
		return;
	}
	const target = resolveModel(configuredUpstreams(config), request.model);
	if (!target) {
		sink.end('error', `This server offers no model "${request.model}".`);
		return;
	}
	const refusal = await chargeOwner(env, request.ownerId);
	if (refusal) {
		sink.end('error', refusal);
		return;
	}
	const redact = (text: string) => redactSecrets(text, config.secrets);
	const outcome = createOutcome();
	let error: string | undefined;
	// The room's reply is not tied to any client, so nothing cancels it but the upstream.
	const events = guardEvents(target.upstream.provider.stream({ model: target.modelId, messages: request.messages }, new AbortController().signal), redact);
	for await (const event of events) {
		outcome.observe(event);
		if (event.type === 'text') sink.delta(event.delta);
		else if (event.type === 'error') error = event.message;
		else if (event.type === 'finish') {
			sink.end(event.reason === 'error' ? 'error' : 'complete', event.reason === 'error' ? (error ?? 'The model failed.') : undefined);
			break;
		}
	}
	await recordOwnerUsage(env, request, outcome.reason, outcome).catch((failure: unknown) =>
		console.error(`room: recording usage failed: ${redact(String(failure))}`)
	);
}

/** Counts the reply against the owner's daily quota; the refusal's message, or null. */
async function chargeOwner(env: EdgeEnv, ownerId: string): Promise<string | null> {
	const owner = await drizzle(env.DB)
		.select({ tier: users.tier })
		.from(users)
		.where(eq(users.id, ownerId))
		.get()
		.catch(() => null);
	if (!owner) return 'The room’s owner no longer has an account here, so the room cannot call a model.';
	try {
		await admitDaily(env.RATE_LIMITER, { key: `user:${ownerId}`, quotaClass: owner.tier, userId: ownerId }, readDailyLimits(env)[owner.tier]);
		return null;
	} catch (failure) {
		if (failure instanceof HttpError) return `The room owner’s daily limit is used up: ${failure.message}`;
		return 'The server could not check the room owner’s daily limit; try again.';
	}
}

async function recordOwnerUsage(env: EdgeEnv, request: ReplyRequest, status: FinishReason, usage: { inputTokens: number; outputTokens: number }) {
	await recordUsage(env.DB, { model: request.model, inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, status, at: new Date(), userId: request.ownerId });
}
