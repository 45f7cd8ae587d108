// The authorization matrix: for every /api route the edge mounts, user B (signed in, no
// relation to A) calls it aimed at user A's data, and the test proves B got nothing of A's
// (no marker of A's appears in the answer) and changed nothing of A's (everything A can
// read is the same afterwards). A route mounted without a row here fails the last test:
// when you add a route, append its row.
import { beforeAll, describe, expect, it } from 'vitest';
import { GOOD_PASSWORD, account, FLOW_TIMEOUT_MS } from '../../test/accounts.ts';
import { buildWorld, sessionFor, snapshotOfA, type World } from '../../test/authorizationWorld.ts';
import { userMessage } from '../../test/edge.ts';
import { createApp } from '../app.ts';

/**
 * What B must get:
 * - `denied`: 403 or 404 — the route names A's resource (or is admin-only), and B may not touch it;
 * - `refused`: a 4xx — the route takes a secret (token, code, password) B does not have;
 * - `own`: anything — the route acts only on the caller's own data; the leak and change
 *   checks are the whole proof.
 */
type Expectation = 'denied' | 'refused' | 'own';

interface Row {
	/** Method and path exactly as Hono lists the route (`app.routes`). */
	route: string;
	expect: Expectation;
	/** Values for the path's `:params`, normally A's resources. */
	params?: (w: World) => Record<string, string>;
	body?: (w: World) => unknown;
	/** Extra request settings (bindings, headers). */
	call?: (w: World) => { env?: Record<string, string>; headers?: Record<string, string> };
	/** A further check of the answer, for routes whose refusal is not an HTTP status (WebSockets). */
	inspect?: (response: Response) => Promise<void>;
}

const TOKEN = 'aaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
const team = (w: World) => ({ id: w.teamId });

export const ROWS: Row[] = [
	{ route: 'GET /api/health', expect: 'own' },
	{ route: 'GET /api/models', expect: 'own' },
	{ route: 'POST /api/chat', expect: 'own', body: () => userMessage('openai/gpt-4o-mini', 'hello') },
	// Image generation is premium: B, on the free tier, is refused before any upstream call.
	{ route: 'POST /api/images', expect: 'denied', body: () => ({ prompt: 'a lighthouse at dusk', model: 'openai/gpt-image-1' }) },
	// Account entry points: reaching A's account needs A's password or A's emailed token.
	{ route: 'POST /api/auth/sign-up', expect: 'own', body: (w) => ({ email: w.a.email, password: GOOD_PASSWORD }) },
	{ route: 'POST /api/auth/verify-email', expect: 'refused', body: () => ({ token: TOKEN }) },
	{ route: 'POST /api/auth/sign-in', expect: 'refused', body: (w) => ({ email: w.a.email, password: 'not alices password at all' }) },
	{ route: 'POST /api/auth/sign-out', expect: 'own' },
	{ route: 'POST /api/auth/sign-out-everywhere', expect: 'own' },
	{ route: 'POST /api/auth/password-reset/request', expect: 'own', body: (w) => ({ email: w.a.email }) },
	{ route: 'POST /api/auth/password-reset/confirm', expect: 'refused', body: () => ({ token: TOKEN, password: 'a brand new passphrase 7' }) },
	{ route: 'POST /api/auth/password', expect: 'own', body: () => ({ currentPassword: GOOD_PASSWORD, newPassword: 'a brand new passphrase 7' }) },
	{ route: 'GET /api/auth/sessions', expect: 'own' },
	{ route: 'DELETE /api/auth/sessions/:id', expect: 'denied', params: (w) => ({ id: w.a.sessionId }) },
	{ route: 'POST /api/auth/two-factor/verify', expect: 'refused', body: () => ({ code: '123456' }) },
	{ route: 'POST /api/auth/two-factor/setup', expect: 'own' },
	{ route: 'POST /api/auth/two-factor/enable', expect: 'refused', body: () => ({ code: '123456' }) },
	{ route: 'POST /api/auth/two-factor/disable', expect: 'refused', body: () => ({ code: '123456' }) },
	{ route: 'POST /api/auth/magic-link/request', expect: 'own', body: (w) => ({ email: w.a.email }) },
	{ route: 'POST /api/auth/magic-link/verify', expect: 'refused', body: () => ({ token: TOKEN }) },
	{ route: 'GET /api/auth/oauth/providers', expect: 'own' },
	{ route: 'POST /api/auth/oauth/:provider/start', expect: 'own', params: () => ({ provider: 'github' }) },
	// Without the state cookie of a sign-in B started, the callback redirects to an error and signs nobody in.
	{ route: 'GET /api/auth/oauth/:provider/callback', expect: 'own', params: () => ({ provider: 'github' }), inspect: noSessionCookie },
	{ route: 'GET /api/me', expect: 'own' },
	// Account settings act on the caller's own account only.
	{ route: 'GET /api/account/profile', expect: 'own' },
	{ route: 'PUT /api/account/profile', expect: 'own', body: () => ({ displayName: 'Mallory' }) },
	// B asks for A's address with B's own password: the same answer as for a free one, and A's account is untouched.
	{ route: 'POST /api/account/email', expect: 'own', body: (w) => ({ newEmail: w.a.email, password: GOOD_PASSWORD }) },
	{ route: 'POST /api/account/email/confirm', expect: 'refused', body: () => ({ token: TOKEN }) },
	{ route: 'GET /api/account/oauth', expect: 'own' },
	{ route: 'DELETE /api/account/oauth/:provider', expect: 'own', params: () => ({ provider: 'github' }) },
	{ route: 'GET /api/account/export', expect: 'own' },
	{ route: 'GET /api/account/export/archive', expect: 'own' },
	{ route: 'POST /api/account/delete', expect: 'own', body: () => ({}) },
	// The development outbox holds everyone's emails: it must not exist unless EMAIL_OUTBOX=1.
	{ route: 'GET /api/dev/outbox', expect: 'denied', call: () => ({ env: { EMAIL_OUTBOX: '0' } }) },
	// Rooms: A's room, reached without one of its links.
	{
		route: 'GET /api/rooms/:id/connect',
		expect: 'own',
		params: (w) => ({ id: w.roomId }),
		call: () => ({ headers: { Upgrade: 'websocket' } }),
		inspect: refusedSocket
	},
	// B may create rooms of their own, but not in A's team (decision 0019).
	{ route: 'POST /api/rooms', expect: 'own', body: (w) => ({ title: 'Mallory room', workspaceId: w.teamId, messages: [] }) },
	{ route: 'DELETE /api/rooms/:id', expect: 'denied', params: (w) => ({ id: w.teamRoomId }) },
	{ route: 'POST /api/rooms/:id/links', expect: 'denied', params: (w) => ({ id: w.roomId }), body: () => ({ role: 'admin' }) },
	{ route: 'GET /api/rooms/:id/links', expect: 'denied', params: (w) => ({ id: w.roomId }) },
	{ route: 'DELETE /api/rooms/:id/links/:linkId', expect: 'denied', params: (w) => ({ id: w.roomId, linkId: w.linkId }) },
	// Sync: every user has their own Space and blob namespace.
	{ route: 'POST /api/sync/push', expect: 'own', body: () => ({ ops: [{ id: 'op-mallory', hlc: '999999999999999-000000-b1', type: 'conversation.delete', conversationId: 'conv-alice' }] }) },
	{ route: 'GET /api/sync/pull', expect: 'own' },
	// Before B uploads the same bytes (below), A's blob address finds nothing for B.
	{ route: 'GET /api/sync/blobs/:sha256', expect: 'denied', params: (w) => ({ sha256: w.blobSha }) },
	// Answers for B's own store only: A's blob reads as absent (checked in sync.test.ts).
	{ route: 'POST /api/sync/blobs/check', expect: 'own', body: (w) => ({ sha256: [w.blobSha] }) },
	{ route: 'PUT /api/sync/blobs/:sha256', expect: 'own', params: (w) => ({ sha256: w.blobSha }), body: (w) => w.blobText },
	// Usage and admin.
	{ route: 'GET /api/usage', expect: 'own' },
	{ route: 'GET /api/admin/users', expect: 'denied' },
	{ route: 'PATCH /api/admin/users/:id', expect: 'denied', params: (w) => ({ id: w.a.id }), body: () => ({ disabled: true }) },
	{ route: 'GET /api/admin/usage', expect: 'denied' },
	// Teams: A's team, which B is not a member of.
	{ route: 'GET /api/teams', expect: 'own' },
	{ route: 'POST /api/teams', expect: 'own', body: () => ({ name: 'Mallory team' }) },
	{ route: 'GET /api/teams/:id', expect: 'denied', params: team },
	{ route: 'DELETE /api/teams/:id', expect: 'denied', params: team },
	{ route: 'POST /api/teams/:id/leave', expect: 'denied', params: team },
	{ route: 'PATCH /api/teams/:id/members/:userId', expect: 'denied', params: (w) => ({ id: w.teamId, userId: w.a.id }), body: () => ({ role: 'member' }) },
	{ route: 'DELETE /api/teams/:id/members/:userId', expect: 'denied', params: (w) => ({ id: w.teamId, userId: w.a.id }) },
	{ route: 'GET /api/teams/:id/usage', expect: 'denied', params: team },
	{ route: 'GET /api/teams/:id/invites', expect: 'denied', params: team },
	{ route: 'POST /api/teams/:id/invites', expect: 'denied', params: team, body: () => ({ kind: 'link', role: 'owner', expiresInDays: 1 }) },
	{ route: 'DELETE /api/teams/:id/invites/:inviteId', expect: 'denied', params: (w) => ({ id: w.teamId, inviteId: w.inviteId }) },
	{ route: 'GET /api/teams/:id/templates', expect: 'denied', params: team },
	{ route: 'POST /api/teams/:id/templates', expect: 'denied', params: team, body: () => ({ name: 'Mallory', systemPrompt: '', starter: '' }) },
	{
		route: 'PUT /api/teams/:id/templates/:templateId',
		expect: 'denied',
		params: (w) => ({ id: w.teamId, templateId: w.templateId }),
		body: () => ({ name: 'Mallory', systemPrompt: '', starter: '' })
	},
	{ route: 'DELETE /api/teams/:id/templates/:templateId', expect: 'denied', params: (w) => ({ id: w.teamId, templateId: w.templateId }) },
	{ route: 'GET /api/teams/:id/rooms', expect: 'denied', params: team },
	{ route: 'POST /api/invites/preview', expect: 'refused', body: () => ({ token: TOKEN }) },
	{ route: 'POST /api/invites/accept', expect: 'refused', body: () => ({ token: TOKEN }) },
	{ route: 'GET /api/workspaces', expect: 'own' },
	// Push: subscriptions are per user; B's unsubscribe cannot remove A's.
	{ route: 'GET /api/push/config', expect: 'own', call: (w) => ({ env: w.env }) },
	// An endpoint is a secret URL the push service gives one browser; subscribing with it again
	// moves it to the new user by design (src/push/subscriptions.ts), so B uses its own here.
	{
		route: 'POST /api/push/subscriptions',
		expect: 'own',
		body: () => ({ endpoint: 'https://push.example/mallory', keys: { p256dh: `B${'x'.repeat(86)}`, auth: 'bbbbbbbbbbbbbbbbbbbbbb' } }),
		call: (w) => ({ env: w.env })
	},
	{ route: 'DELETE /api/push/subscriptions', expect: 'own', body: (w) => ({ endpoint: w.pushEndpoint }), call: (w) => ({ env: w.env }) }
];

async function noSessionCookie(response: Response): Promise<void> {
	expect(response.headers.getSetCookie().filter((line) => /atrium_session=[^;]/.test(line))).toEqual([]);
}

/** A room refuses a socket by accepting it, sending an error frame, and closing it. */
async function refusedSocket(response: Response): Promise<void> {
	const ws = response.webSocket;
	if (!ws) throw new Error(`expected a WebSocket, got ${response.status}`);
	const frames: string[] = [];
	const closed = new Promise<number>((resolve) => ws.addEventListener('close', (event) => resolve(event.code)));
	ws.addEventListener('message', (event) => frames.push(String(event.data)));
	ws.accept();
	await closed;
	expect(frames.map((frame) => JSON.parse(frame) as { type: string; code?: string })).toEqual([expect.objectContaining({ type: 'error', code: 'forbidden' })]);
}

const ALLOWED: Record<Expectation, (status: number) => boolean> = {
	denied: (status) => status === 403 || status === 404,
	refused: (status) => status >= 400 && status < 500 && status !== 429,
	own: (status) => status < 500
};

function mountedRoutes(): string[] {
	const routes = createApp()
		.routes.filter((route) => route.method !== 'ALL' && route.path.startsWith('/api/'))
		.map((route) => `${route.method} ${route.path}`);
	return [...new Set(routes)].sort();
}

function pathOf(route: string, w: World, row: Row): { method: string; path: string } {
	const [method, pattern] = route.split(' ') as [string, string];
	const params = row.params?.(w) ?? {};
	const path = pattern.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name] ?? 'x'));
	return { method, path };
}

describe('authorization matrix: user B cannot read or change user A’s data', { timeout: FLOW_TIMEOUT_MS }, () => {
	let world: World;
	let before: Record<string, string>;

	beforeAll(async () => {
		world = await buildWorld();
		before = await snapshotOfA(world);
	}, FLOW_TIMEOUT_MS);

	it.each(ROWS.map((row) => [row.route, row] as const))('%s', async (_route, row) => {
		const { method, path } = pathOf(row.route, world, row);
		const body = row.body?.(world);
		const extra = row.call?.(world) ?? {};
		const { response } = await account(path, {
			method,
			session: await sessionFor(world.b),
			...(body === undefined ? {} : { body }),
			...(extra.env ? { env: extra.env } : {}),
			...(extra.headers ? { headers: extra.headers } : {})
		});
		await row.inspect?.(response);
		const text = response.webSocket ? '' : await response.text();
		expect(ALLOWED[row.expect](response.status), `${row.route} answered B ${response.status}: ${text.slice(0, 300)}`).toBe(true);
		// What B sent itself (A's email, to a sign-up form) may come back; nothing else of A's may.
		const sent = `${path} ${JSON.stringify(body ?? null)}`;
		for (const marker of world.markers.filter((m) => !sent.includes(m))) expect(text, `${row.route} showed B some of A's data`).not.toContain(marker);
		expect(await snapshotOfA(world), `${row.route} let B change what A sees`).toEqual(before);
	});

	it('has a row for every /api route the edge mounts, and none for routes that are gone', () => {
		const listed = ROWS.map((row) => row.route).sort();
		const mounted = mountedRoutes();
		expect(mounted.filter((route) => !listed.includes(route)), 'routes without a row: add them to ROWS').toEqual([]);
		expect(listed.filter((route) => !mounted.includes(route)), 'rows for routes that are not mounted').toEqual([]);
		expect(new Set(listed).size, 'a route has two rows').toBe(listed.length);
	});
});
