/**
 * The markdown service behind the worker (and behind the main-thread fallback): whole
 * renders plus streaming sessions, one incremental renderer per session id.
 */
import { createIncrementalRenderer } from './incremental.ts';
import type { IncrementalRenderer } from './incremental.ts';
import { renderMarkdown } from './render.ts';
import type { BlockPatch, MarkdownService } from './types.ts';

/**
 * Sessions left open by a caller that vanished (a closed tab's component never calls
 * close) must not pile up in a long-lived worker; the oldest is dropped past this.
 */
export const maxSessions = 64;

export function createMarkdownService(): MarkdownService {
	// Map keeps insertion order, so the first key is the oldest session.
	const sessions = new Map<string, IncrementalRenderer>();

	function session(sessionId: string): IncrementalRenderer {
		let renderer = sessions.get(sessionId);
		if (!renderer) {
			renderer = createIncrementalRenderer();
			sessions.set(sessionId, renderer);
			if (sessions.size > maxSessions) {
				const oldest = sessions.keys().next().value;
				if (oldest !== undefined) sessions.delete(oldest);
			}
		}
		return renderer;
	}

	return {
		render: renderMarkdown,
		open(sessionId: string): void {
			session(sessionId);
		},
		// An update for an unknown id opens the session, so a dropped open is harmless.
		update(sessionId: string, text: string): BlockPatch {
			return session(sessionId).update(text);
		},
		finish(sessionId: string, text: string): BlockPatch {
			const patch = session(sessionId).finish(text);
			sessions.delete(sessionId);
			return patch;
		},
		close(sessionId: string): void {
			sessions.delete(sessionId);
		}
	};
}
