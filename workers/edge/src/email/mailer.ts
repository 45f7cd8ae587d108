// The one way the edge sends email. Configuration picks the transports: the D1 outbox
// for development (EMAIL_OUTBOX=1) and/or a Resend-compatible HTTP API (EMAIL_API_URL).
import type { AuthConfig } from '../auth/authConfig.ts';
import { httpEmailApi } from './httpEmailApi.ts';
import { outboxTransport } from './outbox.ts';

export interface EmailMessage {
	to: string;
	subject: string;
	text: string;
	html: string;
}

export interface Mailer {
	send(message: EmailMessage): Promise<void>;
}

/** The configured mailer, or undefined when this edge cannot send email at all. */
export function createMailer(config: AuthConfig, db: D1Database, fetcher: typeof fetch = fetch): Mailer | undefined {
	const transports: Mailer[] = [];
	if (config.outbox) transports.push(outboxTransport(db));
	if (config.emailApi) transports.push(httpEmailApi(config.emailApi, fetcher));
	if (transports.length === 0) return undefined;
	return {
		async send(message) {
			await Promise.all(transports.map((transport) => transport.send(message)));
		}
	};
}
