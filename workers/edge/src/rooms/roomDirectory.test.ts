// Rooms older than the room directory (migration 0007) have no row in it: the Room adds
// its row the first time its creator connects (decision 0033), so My rooms lists it.
import { evictDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { workspacesResponseSchema } from '../../../../src/lib/protocol/teams.ts';
import { FLOW_TIMEOUT_MS } from '../../test/accounts.ts';
import { openRoomSocket } from '../../test/roomSockets.ts';
import { as, newTeam, person, type Person } from '../../test/teams.ts';

let owner: Person;
let other: Person;

beforeAll(async () => {
	[owner, other] = await Promise.all([person('old-owner'), person('old-other')]);
}, FLOW_TIMEOUT_MS);

const CREATED_AT = Date.UTC(2025, 0, 15, 9, 30);

/** A room as the edge made them before migration 0007: the Durable Object, no directory row. */
async function roomFromBeforeTheDirectory(title: string): Promise<string> {
	const id = [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
	const meta = { id, title, model: null, ownerKey: `user:${owner.id}`, createdAt: CREATED_AT };
	expect(await env.ROOM.getByName(id).create(meta, 'old-owner', [])).toBe(true);
	return id;
}

/** Joins and leaves again, as opening the room and closing the tab does. */
async function visit(roomId: string, options: Parameters<typeof openRoomSocket>[1]): Promise<void> {
	const socket = await openRoomSocket(roomId, options);
	socket.send({ type: 'hello', v: 1 });
	await socket.next('welcome');
	socket.ws.close(1000);
	await socket.closed;
}

async function workspaces(who: Person) {
	return workspacesResponseSchema.parse(await (await as(who, '/api/workspaces')).response.json()).workspaces;
}

async function myRooms(who: Person) {
	return (await workspaces(who)).find((w) => w.kind === 'personal')!.rooms;
}

const rowCount = async (roomId: string) =>
	(await env.DB.prepare('SELECT count(*) AS n FROM rooms WHERE id = ?').bind(roomId).first<{ n: number }>())?.n;

describe('rooms from before the directory', { timeout: FLOW_TIMEOUT_MS }, () => {
	it('are listed in My rooms once their creator connects, not when someone else does', async () => {
		const roomId = await roomFromBeforeTheDirectory('Old plan');
		expect((await myRooms(owner)).map((r) => r.id)).not.toContain(roomId);

		const { response } = await as(owner, `/api/rooms/${roomId}/links`, { body: { role: 'edit', guests: true } });
		const { token } = (await response.json()) as { token: string };
		await visit(roomId, { link: token, name: 'Guest', guest: `secret-${crypto.randomUUID()}` });
		await visit(roomId, { session: other.session, link: token });
		expect(await rowCount(roomId)).toBe(0);

		await visit(roomId, { session: owner.session });
		const listed = (await myRooms(owner)).filter((r) => r.id === roomId);
		expect(listed).toEqual([{ id: roomId, title: 'Old plan', createdAt: new Date(CREATED_AT).toISOString(), creator: { userId: owner.id, email: owner.email } }]);
		expect((await myRooms(other)).map((r) => r.id)).not.toContain(roomId);

		// Listed, it is deleted like any other room: gone from the list and from the edge.
		expect((await as(owner, `/api/rooms/${roomId}`, { method: 'DELETE' })).response.status).toBe(204);
		expect(await rowCount(roomId)).toBe(0);
		expect(await (await openRoomSocket(roomId, { session: owner.session })).closed).toMatchObject({ code: 4404 });
	});

	it('asks the directory once in a room’s life, also across eviction', async () => {
		const roomId = await roomFromBeforeTheDirectory('Asked once');
		await visit(roomId, { session: owner.session });
		expect(await rowCount(roomId)).toBe(1);
		// Taking the row away shows whether a later join writes it again: it must not.
		await env.DB.prepare('DELETE FROM rooms WHERE id = ?').bind(roomId).run();
		await visit(roomId, { session: owner.session });
		await evictDurableObject(env.ROOM.getByName(roomId));
		await visit(roomId, { session: owner.session });
		expect(await rowCount(roomId)).toBe(0);
	});

	it('leaves the row of a room created since as it is: a team room stays in its team', async () => {
		const teamId = await newTeam(owner, 'Directory team');
		const body = { title: 'Team room', messages: [], workspaceId: teamId };
		const created = await as(owner, '/api/rooms', { body });
		expect(created.response.status).toBe(201);
		const { id: roomId } = (await created.response.json()) as { id: string };
		await visit(roomId, { session: owner.session });

		expect(await rowCount(roomId)).toBe(1);
		const all = await workspaces(owner);
		expect(all.find((w) => w.id === teamId)?.rooms.map((r) => r.id)).toEqual([roomId]);
		expect(all.find((w) => w.kind === 'personal')?.rooms.map((r) => r.id)).not.toContain(roomId);
	});
});
