// Helpers for routes whose work continues after the answer: the mailer they need, and
// running that work under ctx.waitUntil with failures logged (scrubbed), never thrown.
import { redactSecrets } from '../errors.ts';
import { HttpError } from '../errors.ts';
import { createMailer } from '../email/mailer.ts';
import type { AuthContext } from './authContext.ts';
import { appOrigin } from './authContext.ts';
import type { EmailFlowDeps } from './emailFlows.ts';

/** What email flows need; a 503 when this server has no way to send email. */
export function emailDeps(c: AuthContext): EmailFlowDeps {
	const mailer = createMailer(c.get('authConfig'), c.env.DB);
	if (!mailer) {
		throw new HttpError('unavailable', 'This server cannot send email, so accounts cannot be created or recovered here yet.');
	}
	return { db: c.env.DB, limiters: c.env.RATE_LIMITER, mailer, origin: appOrigin(c) };
}

export function runAfterResponse(c: AuthContext, label: string, work: Promise<void>): void {
	c.executionCtx.waitUntil(
		work.catch((error: unknown) => {
			const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
			console.error(redactSecrets(`${label} failed: ${detail}`, c.get('config').secrets));
		})
	);
}
