// Reads a JSON request body without ever holding more than the limit in memory: the
// declared Content-Length is checked first, then the bytes actually received, because a
// client can omit or understate the header (chunked uploads).
import type { z } from 'zod';
import { HttpError } from './errors.ts';

export async function readJsonBody(request: Request, maxBytes: number, hint = 'send the chat request as JSON'): Promise<unknown> {
	const bytes = await readBodyBytes(request, maxBytes, hint);
	try {
		return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
	} catch {
		throw new HttpError('invalid_request', 'The request body is not valid JSON.');
	}
}

/** The request's bytes, refused past `maxBytes`; `hint` says what the body should be. */
export async function readBodyBytes(request: Request, maxBytes: number, hint: string): Promise<Uint8Array> {
	const tooLarge = () => new HttpError('too_large', `The request body is larger than the ${maxBytes}-byte limit.`);
	const declared = Number(request.headers.get('Content-Length') ?? NaN);
	if (declared > maxBytes) throw tooLarge();
	if (request.body === null) throw new HttpError('invalid_request', `The request has no body; ${hint}.`);

	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let received = 0;
	for (;;) {
		const { value, done } = await reader.read();
		if (done) break;
		received += value.byteLength;
		if (received > maxBytes) {
			await reader.cancel();
			throw tooLarge();
		}
		chunks.push(value);
	}
	const bytes = new Uint8Array(received);
	let offset = 0;
	for (const chunk of chunks) {
		bytes.set(chunk, offset);
		offset += chunk.byteLength;
	}
	return bytes;
}

/** Validates `body` against `schema`, naming the first offending field in the 400's message. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
	const result = schema.safeParse(body);
	if (result.success) return result.data;
	const issue = result.error.issues[0];
	const field = issue && issue.path.length > 0 ? issue.path.join('.') : 'body';
	throw new HttpError('invalid_request', `Invalid ${field}: ${issue?.message ?? 'malformed request'}.`);
}
