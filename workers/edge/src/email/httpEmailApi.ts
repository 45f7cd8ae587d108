// Sends email through an HTTP API that takes Resend's JSON shape
// (`POST { from, to: [..], subject, text, html }` with a bearer key), which Resend and
// several other providers and relays accept.
import type { AuthConfig } from '../auth/authConfig.ts';
import type { Mailer } from './mailer.ts';

export function httpEmailApi(api: NonNullable<AuthConfig['emailApi']>, fetcher: typeof fetch): Mailer {
	return {
		async send(message) {
			const headers: Record<string, string> = { 'Content-Type': 'application/json' };
			if (api.apiKey) headers.Authorization = `Bearer ${api.apiKey}`;
			const response = await fetcher(api.url, {
				method: 'POST',
				headers,
				body: JSON.stringify({ from: api.from, to: [message.to], subject: message.subject, text: message.text, html: message.html })
			});
			if (!response.ok) {
				// The body may explain (bad sender, quota); it never holds our key.
				const detail = (await response.text().catch(() => '')).slice(0, 300);
				throw new Error(`email API answered ${response.status}: ${detail}`);
			}
			await response.body?.cancel();
		}
	};
}
