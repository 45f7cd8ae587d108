import { describe, expect, it } from 'vitest';
import { createMailer } from './mailer.ts';

const API = { url: 'https://mail.example/emails', apiKey: 're_test_key_123', from: 'Atrium <accounts@example.test>' };
const MESSAGE = { to: 'ann@example.test', subject: 'Hello', text: 'Hi there\n', html: '<p>Hi there</p>' };

function recorder(status = 200, body = '{"id":"1"}') {
	const requests: Request[] = [];
	const fetcher = (async (input: RequestInfo | URL, init?: RequestInit) => {
		requests.push(new Request(input, init));
		return new Response(body, { status });
	}) as typeof fetch;
	return { requests, fetcher };
}

describe('HTTP email API transport', () => {
	it('posts Resend-shaped JSON with the bearer key', async () => {
		const { requests, fetcher } = recorder();
		const mailer = createMailer({ outbox: false, emailApi: API, attemptLimit: { limit: 1, windowMs: 1 } }, {} as D1Database, fetcher);
		await mailer!.send(MESSAGE);
		expect(requests).toHaveLength(1);
		const [request] = requests;
		expect(request!.method).toBe('POST');
		expect(request!.url).toBe(API.url);
		expect(request!.headers.get('Authorization')).toBe(`Bearer ${API.apiKey}`);
		expect(await request!.json()).toEqual({ from: API.from, to: [MESSAGE.to], subject: 'Hello', text: 'Hi there\n', html: '<p>Hi there</p>' });
	});

	it('fails with the status when the API refuses', async () => {
		const { fetcher } = recorder(422, '{"message":"invalid from"}');
		const mailer = createMailer({ outbox: false, emailApi: API, attemptLimit: { limit: 1, windowMs: 1 } }, {} as D1Database, fetcher);
		await expect(mailer!.send(MESSAGE)).rejects.toThrow('email API answered 422: {"message":"invalid from"}');
	});

	it('is absent when neither the outbox nor an API is configured', () => {
		expect(createMailer({ outbox: false, emailApi: undefined, attemptLimit: { limit: 1, windowMs: 1 } }, {} as D1Database)).toBeUndefined();
	});
});
