// Builds the edge's Hono app: shared middleware, the /api routes, and the one place that
// turns any thrown error into the `{ error: { code, message } }` JSON body.
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ConfigError, secretValues } from './config.ts';
import type { EdgeHono } from './edgeContext.ts';
import { withConfig } from './edgeContext.ts';
import { errorBody, HttpError, redactSecrets } from './errors.ts';
import { countApiCalls } from './middleware/apiCalls.ts';
import { corsPolicy } from './middleware/cors.ts';
import { securityHeaders } from './middleware/securityHeaders.ts';
import { adminRoutes } from './routes/admin.ts';
import { accountRoutes } from './routes/account.ts';
import { authRoutes } from './routes/auth.ts';
import { chatRoutes } from './routes/chat.ts';
import { devOutboxRoutes } from './routes/devOutbox.ts';
import { healthRoutes } from './routes/health.ts';
import { imageRoutes } from './routes/images.ts';
import { meRoutes } from './routes/me.ts';
import { modelRoutes } from './routes/models.ts';
import { pushRoutes } from './routes/push.ts';
import { roomRoutes } from './routes/rooms.ts';
import { syncRoutes } from './routes/sync.ts';
import { teamRoutes } from './routes/teams.ts';
import { inviteAcceptRoutes } from './routes/teamsInvites.ts';
import { usageRoutes } from './routes/usage.ts';
import { workspaceRoutes } from './routes/workspaces.ts';

export function createApp(): Hono<EdgeHono> {
	const app = new Hono<EdgeHono>();
	app.use(securityHeaders());
	app.use(withConfig());
	app.use('/api/*', corsPolicy());
	app.use('/api/*', countApiCalls());

	app.route('/api/health', healthRoutes);
	app.route('/api/models', modelRoutes);
	app.route('/api/chat', chatRoutes);
	app.route('/api/images', imageRoutes);
	app.route('/api/auth', authRoutes);
	app.route('/api/me', meRoutes);
	app.route('/api/account', accountRoutes);
	app.route('/api/dev/outbox', devOutboxRoutes);
	app.route('/api/rooms', roomRoutes);
	app.route('/api/sync', syncRoutes);
	app.route('/api/usage', usageRoutes);
	app.route('/api/admin', adminRoutes);
	app.route('/api/teams', teamRoutes);
	app.route('/api/invites', inviteAcceptRoutes);
	app.route('/api/workspaces', workspaceRoutes);
	app.route('/api/push', pushRoutes);

	app.notFound((c) => c.json(errorBody('not_found', `No such endpoint: ${c.req.method} ${c.req.path}.`), 404));
	app.onError((error, c) => {
		if (error instanceof HttpError) {
			// HttpError statuses all come from STATUS_BY_CODE, which holds only error statuses.
			return c.json(errorBody(error.code, error.message), error.status as ContentfulStatusCode, error.headers);
		}
		// Details stay in the log, scrubbed: a library error may quote a request it made.
		const detail = error instanceof ConfigError ? error.message : `unhandled: ${error.stack ?? String(error)}`;
		console.error(redactSecrets(detail, secretValues(c.env)));
		return c.json(errorBody('internal', 'The server failed to handle this request.'), 500);
	});
	return app;
}
