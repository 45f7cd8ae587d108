// Server-sent events framing for the edge's chat stream: one `data:` line per ChatEvent.
import { chatEventSchema, type ChatEvent } from './chatEvents.ts';

export function encodeSseEvent(event: ChatEvent): string {
	return `data: ${JSON.stringify(event)}\n\n`;
}

/**
 * Parses a byte stream of SSE frames into validated ChatEvents. Frames may be split across
 * chunks arbitrarily; comments and unknown fields are ignored.
 */
export async function* decodeSseEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<ChatEvent> {
	const reader = body.getReader();
	const decoder = new TextDecoder();
	let buffer = '';
	try {
		for (;;) {
			const { value, done } = await reader.read();
			if (done) break;
			buffer += decoder.decode(value, { stream: true });
			let boundary: number;
			while ((boundary = buffer.search(/\r?\n\r?\n/)) !== -1) {
				const frame = buffer.slice(0, boundary);
				buffer = buffer.slice(boundary).replace(/^\r?\n\r?\n/, '');
				const data = frame
					.split(/\r?\n/)
					.filter((line) => line.startsWith('data:'))
					.map((line) => line.slice(5).replace(/^ /, ''))
					.join('\n');
				if (data) yield chatEventSchema.parse(JSON.parse(data));
			}
		}
	} finally {
		reader.releaseLock();
	}
}
