// /api/rooms: create a live room from a conversation (in a personal or team workspace),
// delete it, manage its links (admins), and join it over a WebSocket. The Room Durable Object decides everything about the room itself;
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
import { roomDeletionProblem } from '../../../../src/lib/core/teamRooms.ts';
import { MAX_TEAM_ROOMS } from '../../../../src/lib/protocol/teams.ts';
import { requireWorkspaceRole, workspaceRole } from '../teams/membership.ts';
import { findRoom, forgetRoom, recordRoom, teamRoomIds } from '../teams/teamRooms.ts';

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

/**
 * The team a new room goes into (decision 0019): null for the creator's personal
 * workspace; any member may share into their team, anyone else gets the unknown-team 404.
 */
async function teamFor(c: Context<AuthHono>, userId: string, workspaceId: string | undefined): Promise<string | null> {
	if (workspaceId === undefined || workspaceId === userId) return null;
	await requireWorkspaceRole(c.env.DB, userId, workspaceId, 'member', 'share rooms');
	if ((await teamRoomIds(c.env.DB, workspaceId)).length >= MAX_TEAM_ROOMS) {
		throw new HttpError('invalid_request', `This team has ${MAX_TEAM_ROOMS} rooms, the most it may: delete one first.`, { status: 409 });
	}
	return workspaceId;
}

/** Only the creator, or an owner or admin of the room's team, deletes a room. */
async function requireDeleter(c: Context<AuthHono>) {
	const auth = requireSession(c);
	const target = room(c);
	const row = await findRoom(c.env.DB, target.id);
	// Rooms made before the directory existed have no row: their own record names the creator.
	const creatorId = row?.ownerId ?? (await target.stub.ownerId());
	const teamRole = row?.teamId ? await workspaceRole(c.env.DB, auth.user.id, row.teamId) : null;
	if (creatorId === null || (creatorId !== auth.user.id && teamRole === null)) throw new HttpError('not_found', 'No such room, or it is not yours to delete.');
	const problem = roomDeletionProblem({ userId: auth.user.id, teamRole }, creatorId);
	if (problem) throw new HttpError('forbidden', problem);
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
	const user = session && !session.twoFactorPending ? { id: session.user.id, name: displayName(session.user), sessionId: session.session.id } : null;
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
		const teamId = await teamFor(c, auth.user.id, body.workspaceId);
		const meta = { id, title: body.title, model: body.model ?? null, ownerKey, createdAt: Date.now() };
		await c.env.ROOM.getByName(id).create(meta, owner.name, messages);
		// After the room exists, so the directory never lists one that does not.
		await recordRoom(c.env.DB, { id, ownerId: auth.user.id, teamId, title: body.title, createdAt: new Date(meta.createdAt) });
		return c.json({ id }, 201);
	})
	.delete('/:id', async (c) => {
		const { id, stub } = await requireDeleter(c);
		// The room first: a failure leaves the row, so deleting again finishes the job.
		await stub.destroy();
		await forgetRoom(c.env.DB, id);
		return c.body(null, 204);
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
