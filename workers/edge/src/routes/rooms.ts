// /api/rooms: create a live room from a conversation, manage its links (admins), and join
// it over a WebSocket. The Room Durable Object decides everything about the room itself;
// these routes check who is asking and hand the rest over.
import { Hono, type Context } from 'hono';
import {
	createLinkSchema,
	createRoomSchema,
	MAX_CREATE_ROOM_BYTES,
	ROOM_LINK_HEADER,
	type RoomMessage
} from '../../../../src/lib/protocol/room.ts';
import { readSessionCookie, requireSession, withSession, type AuthHono } from '../auth/authContext.ts';
import { requireSameOrigin } from '../auth/sameOrigin.ts';
import { validateSessionToken } from '../auth/sessions.ts';
import { HttpError } from '../errors.ts';
import { parseBody, readJsonBody } from '../requestBody.ts';
import { IDENTITY_HEADER, type RoomIdentity } from '../rooms/roomAccess.ts';

const ROOM_ID = /^[a-f0-9]{32}$/;

function displayName(user: { email: string }): string {
	return user.email.split('@')[0]!.slice(0, 60);
}

function room(c: Context<AuthHono>) {
	const id = c.req.param('id') ?? '';
	if (!ROOM_ID.test(id)) throw new HttpError('not_found', 'No such room.');
	return { id, stub: c.env.ROOM.getByName(id) };
}

/** Only the owner or someone an admin made admin in the room manages its links. */
async function requireAdmin(c: Context<AuthHono>) {
	const auth = requireSession(c);
	const target = room(c);
	// An admin who joined by an admin link proves it with that link.
	const role = await target.stub.roleOf(auth.user.id, c.req.header(ROOM_LINK_HEADER) ?? null);
	if (role === null) throw new HttpError('not_found', 'No such room, or it is not yours to manage.');
	if (role !== 'admin') throw new HttpError('forbidden', 'Only the room’s admins manage its links.');
	return target;
}

/** The WebSocket join: outside withSession, because a 101 response cannot carry cookies. */
const connectRoutes = new Hono<AuthHono>().get('/:id/connect', async (c) => {
	if (c.req.header('Upgrade')?.toLowerCase() !== 'websocket') throw new HttpError('invalid_request', 'Connect with a WebSocket.');
	// Browsers let any page open a WebSocket with the user's cookies: only the app may.
	const origin = c.req.header('Origin');
	if (origin !== undefined && origin !== new URL(c.req.url).origin && !c.get('config').allowedOrigins.includes(origin)) {
		throw new HttpError('forbidden', 'Rooms can only be joined from Atrium itself.');
	}
	const { stub } = room(c);
	const token = readSessionCookie(c);
	const session = token === undefined ? undefined : await validateSessionToken(c.env.DB, token);
	const user = session && !session.twoFactorPending ? { id: session.user.id, name: displayName(session.user) } : null;
	const query = (name: string) => c.req.query(name) ?? null;
	const identity: RoomIdentity = { user, linkToken: query('link'), guestName: query('name'), guestSecret: query('guest') };
	const headers = new Headers({ Upgrade: 'websocket', [IDENTITY_HEADER]: JSON.stringify(identity) });
	const upgraded = await stub.fetch(new Request(c.req.url, { headers }));
	// A copy, because the shared middleware adds headers and the stub's are immutable.
	return new Response(null, { status: upgraded.status, webSocket: upgraded.webSocket, headers: upgraded.headers });
});

const manageRoutes = new Hono<AuthHono>()
	.use(requireSameOrigin(), withSession())
	.post('/', async (c) => {
		const auth = requireSession(c);
		const body = parseBody(createRoomSchema, await readJsonBody(c.req.raw, MAX_CREATE_ROOM_BYTES));
		const id = [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
		const ownerKey = `user:${auth.user.id}`;
		const owner = { key: ownerKey, name: displayName(auth.user) };
		const messages: RoomMessage[] = body.messages.map((m) => ({
			...m,
			status: 'complete',
			...(m.role === 'user' ? { author: owner } : {})
		}));
		const meta = { id, title: body.title, model: body.model ?? null, ownerKey, createdAt: Date.now() };
		await c.env.ROOM.getByName(id).create(meta, owner.name, messages);
		return c.json({ id }, 201);
	})
	.post('/:id/links', async (c) => {
		const { stub } = await requireAdmin(c);
		const body = parseBody(createLinkSchema, await readJsonBody(c.req.raw, 1_000));
		return c.json(await stub.createLink(body.role, body.guests), 201);
	})
	.get('/:id/links', async (c) => {
		const { stub } = await requireAdmin(c);
		return c.json({ links: await stub.listLinks() });
	})
	.delete('/:id/links/:linkId', async (c) => {
		const { stub } = await requireAdmin(c);
		if (!(await stub.revokeLink(c.req.param('linkId')))) throw new HttpError('not_found', 'No such link in this room.');
		return c.body(null, 204);
	});

export const roomRoutes = new Hono<AuthHono>().route('/', connectRoutes).route('/', manageRoutes);
