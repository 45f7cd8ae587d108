// Reads a JSON answer from the edge's API, checked against its protocol schema; every
// failure becomes an EdgeApiError whose message can be shown as it is.
import { apiErrorSchema, type ErrorCode } from '$lib/protocol/chat.ts';
import type { z } from 'zod';

export class EdgeApiError extends Error {
	override readonly name = 'EdgeApiError';
	readonly code: ErrorCode | 'offline';
	constructor(code: ErrorCode | 'offline', message: string) {
		super(message);
		this.code = code;
	}
}

export async function edgeJson<T extends z.ZodType>(path: string, schema: T, init: RequestInit = {}): Promise<z.output<T>> {
	let response: Response;
	try {
		response = await fetch(path, {
			...init,
			credentials: 'same-origin',
			headers: init.body === undefined ? init.headers : { 'Content-Type': 'application/json', ...init.headers }
		});
	} catch {
		throw new EdgeApiError('offline', 'Cannot reach the Atrium server: check your connection and try again.');
	}
	if (!response.ok) {
		const body = apiErrorSchema.safeParse(await response.json().catch(() => null));
		if (body.success) throw new EdgeApiError(body.data.error.code, body.data.error.message);
		throw new EdgeApiError('upstream_error', `The server answered ${response.status} without an explanation. Try again in a moment.`);
	}
	const parsed = schema.safeParse(await response.json().catch(() => null));
	if (!parsed.success) throw new EdgeApiError('upstream_error', 'The server sent an answer this version of Atrium does not understand. Reload the page.');
	return parsed.data;
}
