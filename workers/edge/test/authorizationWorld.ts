// The authorization matrix's world: user A with data in every part of the edge (profile,
// sessions, a team with an invite, a template and a room, a room with a link, synced ops, a blob),
// user B who probes A's data, and a snapshot of everything A can see, taken before and
// after each probe so any change B manages to make shows up.
import { env } from 'cloudflare:workers';
import { createSession } from '../src/auth/sessions.ts';
import { account, type AccountCall } from './accounts.ts';
import { makeBrowserKeys, makeVapidKeys } from './pushTestKit.ts';
import { userOnTier, type TestUser } from './tiers.ts';

export interface World {
	a: TestUser & { sessionId: string };
	b: TestUser;
	teamId: string;
	inviteId: string;
	templateId: string;
	roomId: string;
	/** A room A shared into A's team. */
	teamRoomId: string;
	linkId: string;
	blobSha: string;
	blobText: string;
	pushEndpoint: string;
	/** Bindings for routes that need them (VAPID keys for push). */
	env: Record<string, string>;
	/** Strings only A's data contains; none may appear in any answer to B. */
	markers: string[];
}

async function json<T>(path: string, call: AccountCall, status = [200, 201]): Promise<T> {
	const { response } = await account(path, call);
	const text = await response.text();
	if (!status.includes(response.status)) throw new Error(`world setup: ${call.method ?? 'POST'} ${path} answered ${response.status}: ${text}`);
	return (text ? JSON.parse(text) : null) as T;
}

async function sha256Hex(text: string): Promise<string> {
	const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
	return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

export async function buildWorld(): Promise<World> {
	const tag = crypto.randomUUID().replace(/-/g, '').slice(0, 12);
	const [a, b] = [await userOnTier('free', 'matrix-a'), await userOnTier('free', 'matrix-b')];
	const session = a.session;
	await json('/api/account/profile', { method: 'PUT', body: { displayName: `Alice ${tag}` }, session });
	const { team } = await json<{ team: { id: string } }>('/api/teams', { body: { name: `Team ${tag}` }, session });
	const { invite } = await json<{ invite: { id: string } }>(`/api/teams/${team.id}/invites`, {
		body: { kind: 'link', role: 'member', expiresInDays: 7 },
		session
	});
	const { template } = await json<{ template: { id: string } }>(`/api/teams/${team.id}/templates`, {
		body: { name: `Template ${tag}`, systemPrompt: `Prompt ${tag}`, starter: '' },
		session
	});
	const room = await json<{ id: string }>('/api/rooms', { body: { title: `Room ${tag}`, messages: [] }, session });
	const { link } = await json<{ link: { id: string } }>(`/api/rooms/${room.id}/links`, { body: { role: 'view' }, session });
	const teamRoom = await json<{ id: string }>('/api/rooms', { body: { title: `Team room ${tag}`, workspaceId: team.id, messages: [] }, session });
	const op = { id: `op-${tag}`, hlc: '000000000001000-000000-a1', type: 'conversation.set', conversationId: 'conv-alice', fields: { title: `Chat ${tag}` } };
	await json('/api/sync/push', { body: { ops: [op] }, session });
	const blobText = `blob bytes ${tag}`;
	const blobSha = await sha256Hex(blobText);
	await json(`/api/sync/blobs/${blobSha}`, { method: 'PUT', body: blobText, session }, [204]);
	const env = await makeVapidKeys();
	const keys = await makeBrowserKeys();
	const pushEndpoint = `https://push.example/alice-${tag}`;
	await json('/api/push/subscriptions', { body: { endpoint: pushEndpoint, keys: { p256dh: keys.p256dh, auth: keys.auth } }, session, env }, [200, 201, 204]);
	return {
		pushEndpoint,
		env,
		a: { ...a, sessionId: a.session.split('.')[0]! },
		b,
		teamId: team.id,
		inviteId: invite.id,
		templateId: template.id,
		roomId: room.id,
		teamRoomId: teamRoom.id,
		linkId: link.id,
		blobSha,
		blobText,
		markers: [a.email, a.session.split('.')[0]!, tag]
	};
}

/** A fresh signed-in session for B (no password hash), so one probe signing B out cannot affect the next. */
export async function sessionFor(user: TestUser): Promise<string> {
	return (await createSession(env.DB, user.id, 'authorization matrix', true)).token;
}

const VOLATILE = new Set(['lastSeenAt', 'expiresAt', 'resetsAt', 'apiCalls']);

/** Everything A can read about their own data, with fields that move by themselves left out. */
export async function snapshotOfA(w: World): Promise<Record<string, string>> {
	const paths = [
		'/api/me',
		'/api/account/profile',
		'/api/account/oauth',
		'/api/auth/sessions',
		'/api/usage?days=1',
		'/api/teams',
		'/api/workspaces',
		`/api/teams/${w.teamId}`,
		`/api/teams/${w.teamId}/invites`,
		`/api/teams/${w.teamId}/templates`,
		`/api/teams/${w.teamId}/rooms`,
		`/api/rooms/${w.roomId}/links`,
		'/api/sync/pull',
		`/api/sync/blobs/${w.blobSha}`
	];
	const entries = await Promise.all(
		paths.map(async (path) => {
			const { response } = await account(path, { session: w.a.session });
			const text = await response.text();
			let body = text;
			try {
				body = JSON.stringify(JSON.parse(text), (key, value: unknown) => (VOLATILE.has(key) ? undefined : value));
			} catch {
				// Not JSON (a blob's bytes): compared as they are.
			}
			return [path, `${response.status} ${body}`] as const;
		})
	);
	const { results } = await env.DB.prepare('SELECT endpoint, user_id, p256dh, auth FROM push_subscriptions WHERE user_id = ? ORDER BY endpoint')
		.bind(w.a.id)
		.all();
	return { ...Object.fromEntries(entries), pushSubscriptions: JSON.stringify(results) };
}
