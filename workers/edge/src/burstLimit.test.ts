import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { apiErrorSchema } from '../../../src/lib/protocol/chat.ts';
import { callEdge, chatInit, clientIp, userMessage } from '../test/edge.ts';
import { clientKey } from './burstLimit.ts';

const tight = { RATE_LIMIT_MAX: '2', RATE_LIMIT_WINDOW_SECONDS: '60' };

async function chatFrom(ip: string, overrides = tight) {
	const call = await callEdge('/api/chat', chatInit(userMessage('openai/gpt-4o-mini', 'hi'), { 'CF-Connecting-IP': ip }), overrides);
	const text = await call.response.text();
	await call.settled();
	return { status: call.response.status, headers: call.response.headers, text };
}

describe('per-client burst rate limit on /api/chat', () => {
	it('answers 429 with Retry-After and a message saying when, once a client exceeds the limit', async () => {
		const ip = clientIp();
		expect((await chatFrom(ip)).status).toBe(200);
		expect((await chatFrom(ip)).status).toBe(200);
		const refused = await chatFrom(ip);
		expect(refused.status).toBe(429);
		const retryAfter = Number(refused.headers.get('Retry-After'));
		expect(retryAfter).toBeGreaterThanOrEqual(58);
		expect(retryAfter).toBeLessThanOrEqual(60);
		const { error } = apiErrorSchema.parse(JSON.parse(refused.text));
		expect(error.code).toBe('rate_limited');
		expect(error.message).toContain('allows 2 every 60 s');
		expect(error.message).toContain(`Try again in ${retryAfter} s`);
	});

	it('counts each client separately', async () => {
		const busy = clientIp();
		await chatFrom(busy);
		await chatFrom(busy);
		expect((await chatFrom(busy)).status).toBe(429);
		expect((await chatFrom(clientIp())).status).toBe(200);
	});

	it('counts requests before reading them, so malformed floods are limited too', async () => {
		const ip = clientIp();
		const bad = async () => (await callEdge('/api/chat', chatInit('not json', { 'CF-Connecting-IP': ip }), tight)).response.status;
		expect([await bad(), await bad(), await bad()]).toEqual([400, 400, 429]);
	});

	it('keeps the window in the Durable Object and forgets an idle client when its alarm fires', async () => {
		const ip = clientIp();
		await chatFrom(ip);
		const stub = env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(clientKey(new Request('https://x', { headers: { 'CF-Connecting-IP': ip } }))));
		const stored = await runInDurableObject(stub, (_instance, state) =>
			state.storage.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM hits').one().n
		);
		expect(stored).toBe(1);
		expect(await runDurableObjectAlarm(stub)).toBe(true);
		const tables = await runInDurableObject(stub, (_instance, state) =>
			state.storage.sql.exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'hits'").toArray()
		);
		expect(tables).toEqual([]);
		// And the client starts afresh.
		expect((await chatFrom(ip)).status).toBe(200);
	});
});
