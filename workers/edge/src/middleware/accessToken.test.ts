import { describe, expect, it } from 'vitest';
import { callEdge, chatInit, readEvents, userMessage } from '../../test/edge.ts';
import { tokensEqual } from './accessToken.ts';

const TOKEN = 'edge-access-token-7c1e5a';
const guarded = { EDGE_ACCESS_TOKEN: TOKEN };

describe('EDGE_ACCESS_TOKEN guard', () => {
	it('401 on chat without a token, saying how to send one', async () => {
		const { response } = await callEdge('/api/chat', chatInit(userMessage('openai/gpt-4o-mini', 'hi')), guarded);
		expect(response.status).toBe(401);
		expect(response.headers.get('WWW-Authenticate')).toBe('Bearer realm="atrium-edge"');
		expect(await response.json()).toEqual({
			error: { code: 'unauthorized', message: 'This server needs an access token: send it as "Authorization: Bearer <token>".' }
		});
	});

	it('401 on chat and models with a wrong token, without echoing either token', async () => {
		for (const path of ['/api/chat', '/api/models']) {
			const init = path === '/api/chat' ? chatInit(userMessage('openai/gpt-4o-mini', 'hi')) : {};
			const headers = new Headers(init.headers);
			headers.set('Authorization', `Bearer ${TOKEN}x`);
			const { response } = await callEdge(path, { ...init, headers }, guarded);
			expect(response.status).toBe(401);
			const text = await response.text();
			expect(JSON.parse(text)).toEqual({ error: { code: 'unauthorized', message: 'The access token is not valid for this server.' } });
			expect(text).not.toContain(TOKEN);
		}
	});

	it('lets a request with the right token through', async () => {
		const call = await callEdge(
			'/api/chat',
			chatInit(userMessage('openai/gpt-4o-mini', 'hi'), { Authorization: `Bearer ${TOKEN}` }),
			guarded
		);
		expect(call.response.status).toBe(200);
		expect((await readEvents(call.response)).at(-1)).toEqual({ type: 'finish', reason: 'stop' });
		await call.settled();
		const models = await callEdge('/api/models', { headers: { Authorization: `bearer ${TOKEN}` } }, guarded);
		expect(models.response.status).toBe(200);
	});

	it('asks for nothing when no token is configured', async () => {
		const { response } = await callEdge('/api/models');
		expect(response.status).toBe(200);
	});
});

describe('tokensEqual', () => {
	it('compares exactly, whatever the lengths', async () => {
		expect(await tokensEqual('abc', 'abc')).toBe(true);
		expect(await tokensEqual('abc', 'abd')).toBe(false);
		expect(await tokensEqual('abc', 'abcd')).toBe(false);
		expect(await tokensEqual('', 'a')).toBe(false);
	});
});
