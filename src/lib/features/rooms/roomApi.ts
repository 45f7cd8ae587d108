// The app's HTTP calls for rooms: create one from a conversation (in a personal or team
// workspace), delete one, and make its links.
import { call } from '$lib/features/account/accountCall.ts';
import type { MessageNode } from '$lib/core/conversationTree.ts';
import {
	createLinkResponseSchema,
	createRoomResponseSchema,
	listLinksResponseSchema,
	ROOM_LINK_HEADER,
	type RoomLink,
	type RoomRole
} from '$lib/protocol/room.ts';

export interface SharedLink {
	role: RoomRole;
	url: string;
}

const post = (body: unknown): RequestInit => ({ method: 'POST', body: JSON.stringify(body) });

/**
 * Creates a room from the visible thread and one link per role; guests may use the view
 * and edit links when `guests` is set (admin links always need an account).
 * @param model the edge model id the room answers with, or null
 */
export async function shareConversation(input: {
	title: string;
	model: string | null;
	path: readonly MessageNode[];
	guests: boolean;
	/** A team's id to share into its workspace (decision 0019); the personal workspace when absent. */
	workspaceId?: string;
}): Promise<{ roomId: string; links: SharedLink[] }> {
	const messages = input.path
		.filter((node) => node.status === 'complete' || node.role === 'user')
		.map((node) => ({ id: node.id, parentId: node.parentId, role: node.role, content: node.content, createdAt: node.createdAt, ...(node.model ? { model: node.model } : {}) }));
	// Dropping an unfinished reply can orphan its child: re-link the thread in order.
	const linked = messages.map((m, i) => ({ ...m, parentId: i === 0 ? null : messages[i - 1]!.id }));
	const workspace = input.workspaceId ? { workspaceId: input.workspaceId } : {};
	const { id } = await call('/api/rooms', post({ title: input.title, model: input.model, ...workspace, messages: linked }), createRoomResponseSchema);
	const links: SharedLink[] = [];
	for (const role of ['view', 'edit', 'admin'] as const) {
		const { token } = await call(`/api/rooms/${id}/links`, post({ role, guests: input.guests && role !== 'admin' }), createLinkResponseSchema);
		links.push({ role, url: `${location.origin}/r/${id}#link=${token}` });
	}
	return { roomId: id, links };
}

/** Deletes a room for everyone in it (its creator, or an admin of its team). */
export function deleteRoom(roomId: string): Promise<void> {
	return call(`/api/rooms/${encodeURIComponent(roomId)}`, { method: 'DELETE' }, null);
}

export { roomModel } from './roomModel.ts';

/** Link management for an admin in the room; `joinedWith` proves admin rights by link. */
export function roomLinksApi(roomId: string, joinedWith: string | null) {
	const headers: Record<string, string> = joinedWith ? { [ROOM_LINK_HEADER]: joinedWith } : {};
	const base = `/api/rooms/${encodeURIComponent(roomId)}/links`;
	return {
		list: async (): Promise<RoomLink[]> => (await call(base, { headers }, listLinksResponseSchema)).links,
		create: async (role: RoomRole, guests: boolean): Promise<string> => {
			const { token } = await call(base, { ...post({ role, guests }), headers }, createLinkResponseSchema);
			return `${location.origin}/r/${roomId}#link=${token}`;
		},
		revoke: (linkId: string): Promise<void> => call(`${base}/${encodeURIComponent(linkId)}`, { method: 'DELETE', headers }, null)
	};
}
