// POST /api/chat: proxies one chat request to the upstream its model id names, with the
// server's key, and streams the reply back as server-sent ChatEvents. Failures before the
// first token become HTTP errors; later ones travel in the stream as `error` + `finish`.
import { Hono } from 'hono';
import { chatRequestSchema, MAX_CHAT_BODY_BYTES, type ChatRequest } from '../../../../src/lib/protocol/chat.ts';
import { withSession, type AuthHono } from '../auth/authContext.ts';
import { admitClient } from '../burstLimit.ts';
import { chatEventStream, createOutcome, guardEvents, type StreamOutcome } from '../chatStream.ts';
import type { EdgeConfig } from '../config.ts';
import { recordUsage } from '../db/usage.ts';
import { HttpError, redactSecrets, upstreamFailure } from '../errors.ts';
import { requireAccessToken } from '../middleware/accessToken.ts';
import { listUpstreamModels } from '../modelCatalog.ts';
import { callerOf } from '../quota/caller.ts';
import { admitDaily } from '../quota/dailyQuota.ts';
import { readDailyLimits } from '../quota/quotaConfig.ts';
import { parseBody, readJsonBody } from '../requestBody.ts';
import { configuredUpstreams, resolveModel, type Upstream } from '../upstreams.ts';

const SSE_HEADERS = {
	'Content-Type': 'text/event-stream; charset=utf-8',
	'Cache-Control': 'no-cache, no-transform',
	// Stops buffering proxies (nginx and friends) from holding tokens back.
	'X-Accel-Buffering': 'no'
};

export const chatRoutes = new Hono<AuthHono>().post('/', requireAccessToken(), withSession(), async (c) => {
	const config = c.get('config');
	// Signed-in callers count by user id, others by client address (decision 0010).
	const caller = callerOf(c);
	// The burst check and the daily quota (a Durable Object round trip each) overlap each
	// other and reading and checking the body. Admission is judged first, so a client over its
	// limit gets 429 whatever it sent, and nothing reaches the upstream before the client is
	// admitted. The daily quota counts only requests that can reach a model: one refused by
	// the burst limit or malformed is refunded before the error goes back.
	const [admission, input, daily] = await Promise.allSettled([
		admitClient(c.env.RATE_LIMITER, caller.key, config.rateLimit),
		readChatInput(c.req.raw, config),
		admitDaily(c.env.RATE_LIMITER, caller, readDailyLimits(c.env)[caller.quotaClass])
	]);
	if (admission.status === 'rejected' || input.status === 'rejected') {
		if (daily.status === 'fulfilled') await daily.value.refund();
		if (admission.status === 'rejected') throw admission.reason;
		throw input.status === 'rejected' ? input.reason : new Error('unreachable');
	}
	if (daily.status === 'rejected') throw daily.reason;
	const { request, upstream, modelId } = input.value;

	const upstreamAbort = new AbortController();
	// Covers a client that leaves before the first token; after it, the stream's cancel does.
	c.req.raw.signal.addEventListener('abort', () => upstreamAbort.abort(c.req.raw.signal.reason), { once: true });
	const redact = (text: string) => redactSecrets(text, config.secrets);
	const events = guardEvents(upstream.provider.stream({ ...request, model: modelId }, upstreamAbort.signal), redact);

	let settle: (outcome: StreamOutcome) => void = () => {};
	const ended = new Promise<StreamOutcome>((resolve) => (settle = resolve));
	c.executionCtx.waitUntil(
		ended
			.then((outcome) =>
				recordUsage(c.env.DB, {
					model: request.model,
					inputTokens: outcome.inputTokens,
					outputTokens: outcome.outputTokens,
					status: outcome.reason,
					at: new Date(),
					userId: caller.userId
				})
			)
			.catch((error: unknown) => console.error(`chat: recording usage failed: ${redact(String(error))}`))
	);

	// guardEvents always yields at least error + finish, so `first` is never done.
	const first = (await events.next()).value ?? { type: 'finish', reason: 'error' };
	if (first.type === 'error') {
		const outcome = createOutcome();
		for await (const event of events) outcome.observe(event);
		settle(outcome);
		throw upstreamFailure(first.code, first.message, upstream.label, first.retryAfterSeconds);
	}
	const body = chatEventStream({ first, rest: events, upstream: upstreamAbort, onEnd: settle });
	return new Response(body, { headers: SSE_HEADERS });
});

/** The validated request and the upstream that serves its model; HttpError otherwise. */
async function readChatInput(
	raw: Request,
	config: EdgeConfig
): Promise<{ request: ChatRequest; upstream: Upstream; modelId: string }> {
	const request = parseBody(chatRequestSchema, await readJsonBody(raw, MAX_CHAT_BODY_BYTES));
	return { request, ...(await findModel(configuredUpstreams(config), request.model)) };
}

/**
 * The upstream serving `edgeModelId`, checked against its (cached) model list so an
 * unknown model is a clear 404 rather than whatever the upstream says. When the list
 * cannot be fetched the upstream gets the request and decides.
 */
async function findModel(upstreams: readonly Upstream[], edgeModelId: string) {
	const unknown = () =>
		new HttpError('not_found', `Unknown model "${edgeModelId}": GET /api/models lists the models this server offers.`);
	const target = resolveModel(upstreams, edgeModelId);
	if (!target) throw unknown();
	const listed = await listUpstreamModels(target.upstream).catch(() => undefined);
	if (listed && !listed.some((model) => model.id === target.modelId)) throw unknown();
	return target;
}
