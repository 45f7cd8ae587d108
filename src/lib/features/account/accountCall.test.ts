// The account call against a real HTTP server: `/api/me` answers checked by the schema that
// loads on demand reject as before, and a check that cannot load says the server is unreachable.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { schemaOnDemand } from '$lib/protocol/checkOnDemand.ts';
import { meAnswer } from '$lib/protocol/startupAnswers.ts';
import { startRecordingServer, type FakeServer } from '../../../../tests/fixtures/fakeHttp.ts';
import { AccountError, call } from './accountCall.ts';

const UNDERSTOOD = 'The server sent an answer this version of Atrium does not understand. Reload the page.';
const OFFLINE = 'Cannot reach the Atrium server: check your connection and try again.';
const USER = { id: 'u1', email: 'ada@example.com', emailVerified: true, twoFactorEnabled: false, createdAt: '2026-01-01T00:00:00.000Z' };

let server: FakeServer;
let answer: { status: number; body: unknown };
beforeAll(async () => {
	server = await startRecordingServer({ basePath: '' }, async ({ json }) => json(answer.status, answer.body));
});
afterAll(() => server.close());
beforeEach(() => {
	answer = { status: 200, body: { user: null, twoFactorPending: false } };
});

const me = () => call(`${server.url}/api/me`, {}, meAnswer);
const failure = (promise: Promise<unknown>) => promise.then(() => 'resolved', (error: unknown) => error);

describe('call with a schema on demand', () => {
	it('reads a signed-out answer', async () => {
		answer.body = { user: null, twoFactorPending: true, extra: 'ignored' };
		expect(await me()).toEqual({ user: null, twoFactorPending: true });
	});

	it('checks a signed-in answer with the schema (an older answer without a tier gets free)', async () => {
		answer.body = { user: USER, twoFactorPending: false };
		expect(await me()).toEqual({ user: { ...USER, tier: 'free' }, twoFactorPending: false });
	});

	it('rejects a malformed answer with the same error as before', async () => {
		for (const body of [{ user: { ...USER, emailVerified: 'yes' }, twoFactorPending: false }, { user: null }, [], 'not json']) {
			answer.body = body;
			const error = await failure(me());
			expect(error, JSON.stringify(body)).toBeInstanceOf(AccountError);
			expect(error).toMatchObject({ code: 'upstream_error', message: UNDERSTOOD });
		}
	});

	it("turns the edge's error body into its code and message", async () => {
		answer = { status: 429, body: { error: { code: 'rate_limited', message: 'Too many requests. Wait a minute.' } } };
		expect(await failure(me())).toMatchObject({ code: 'rate_limited', message: 'Too many requests. Wait a minute.' });
		answer = { status: 502, body: { error: 'bad gateway' } };
		expect(await failure(me())).toMatchObject({ code: 'upstream_error', message: 'The server answered 502 without an explanation. Try again in a moment.' });
	});

	it('says the server is unreachable when the check cannot load', async () => {
		answer.body = { user: USER, twoFactorPending: false };
		const unloadable = schemaOnDemand(() => Promise.reject(new TypeError('Failed to fetch dynamically imported module')));
		expect(await failure(call(`${server.url}/api/me`, {}, unloadable))).toMatchObject({ code: 'offline', message: OFFLINE });
	});
});
