// The live-room wire protocol (version 1), shared by the Room Durable Object and the app.
// Every frame is one JSON object validated here. Writes travel as `op` frames carrying a
// client op id (acknowledged by id, applied once); the room's log entries carry a sequence
// number, so a client resumes from the last one it saw with no gaps and no duplicates.
import { z } from 'zod';
import { MAX_MESSAGE_CHARS } from './chat.ts';

export const ROOM_PROTOCOL_VERSION = 1;
/** Largest frame either side accepts, in bytes (a long prompt fits; a flood of them does not). */
export const MAX_ROOM_FRAME_BYTES = 512 * 1024;
export const MAX_ANNOTATION_CHARS = 4_000;
export const MAX_NAME_CHARS = 60;
/** Largest Yjs update of the room notes or of a message's text, base64 characters. */
export const MAX_NOTES_UPDATE_CHARS = 256 * 1024;
/** Longest message text a room keeps, streamed or edited. */
export const MAX_ROOM_MESSAGE_CHARS = MAX_MESSAGE_CHARS * 4;

export const roomRoleSchema = z.enum(['view', 'edit', 'admin']);
export type RoomRole = z.infer<typeof roomRoleSchema>;
const ROLE_RANK: Record<RoomRole, number> = { view: 0, edit: 1, admin: 2 };
/** Whether `role` grants at least `needed`. */
export function roleAllows(role: RoomRole, needed: RoomRole): boolean {
	return ROLE_RANK[role] >= ROLE_RANK[needed];
}

export const presenceStatusSchema = z.enum(['here', 'away']);
export type PresenceStatus = z.infer<typeof presenceStatusSchema>;

/** Close codes the room uses; browsers show the reason string next to them. */
export const ROOM_CLOSE = {
	tooLarge: 1009,
	policy: 1008,
	/** The link is unknown, revoked, or does not admit guests; or the user was removed. */
	forbidden: 4403,
	notFound: 4404,
	/** The client asked to resume from a sequence number the room never reached. */
	seqAhead: 4409,
	kicked: 4410,
	/** The Atrium session the socket joined with ended: revoked, signed out, password changed. */
	signedOut: 4401
} as const;

export const roomErrorCodeSchema = z.enum([
	'invalid_frame',
	'forbidden',
	'too_large',
	'rate_limited',
	'conflict',
	'not_found',
	'seq_ahead',
	'unavailable'
]);
export type RoomErrorCode = z.infer<typeof roomErrorCodeSchema>;

const idSchema = z.string().min(1).max(100);
const clientOpIdSchema = z.string().min(1).max(64);

export const authorSchema = z.object({ key: z.string().max(120), name: z.string().max(MAX_NAME_CHARS) });
export type RoomAuthor = z.infer<typeof authorSchema>;

export const roomMessageSchema = z.object({
	id: idSchema,
	parentId: idSchema.nullable(),
	role: z.enum(['system', 'user', 'assistant']),
	content: z.string().max(MAX_ROOM_MESSAGE_CHARS),
	author: authorSchema.optional(),
	model: z.string().max(200).optional(),
	status: z.enum(['complete', 'streaming', 'interrupted', 'error']),
	error: z.string().max(2_000).optional(),
	createdAt: z.number()
});
export type RoomMessage = z.infer<typeof roomMessageSchema>;

export const annotationSchema = z.object({
	id: idSchema,
	messageId: idSchema,
	text: z.string().min(1).max(MAX_ANNOTATION_CHARS),
	author: authorSchema,
	createdAt: z.number()
});
export type RoomAnnotation = z.infer<typeof annotationSchema>;

/** One change of a shared text (the notes, or a message): who, when, and what text went in or out. */
export const textChangeSchema = z.object({
	seq: z.number().int(),
	author: authorSchema,
	at: z.number(),
	inserted: z.string(),
	deleted: z.string()
});
export type TextChange = z.infer<typeof textChangeSchema>;
export const notesChangeSchema = textChangeSchema;
export type NotesChange = TextChange;

/** A message edited together (decision 0050): its Yjs document state (base64) and its changes. */
export const messageEditsSchema = z.object({ state: z.string(), history: z.array(textChangeSchema) });
export type MessageEdits = z.infer<typeof messageEditsSchema>;

/** What the room's log records; each entry gets the next sequence number. */
export const roomOpSchema = z.discriminatedUnion('kind', [
	z.object({ kind: z.literal('message'), message: roomMessageSchema }),
	z.object({ kind: z.literal('delta'), messageId: idSchema, text: z.string() }),
	z.object({
		kind: z.literal('reply_end'),
		messageId: idSchema,
		status: z.enum(['complete', 'interrupted', 'error']),
		error: z.string().optional()
	}),
	z.object({ kind: z.literal('react'), messageId: idSchema, reaction: z.enum(['up', 'down']).nullable() }),
	z.object({ kind: z.literal('annotate'), annotation: annotationSchema }),
	z.object({ kind: z.literal('notes'), update: z.string(), inserted: z.string(), deleted: z.string() }),
	/** A change of a complete message's text (decision 0050); its content becomes the merged text. */
	z.object({ kind: z.literal('edit'), messageId: idSchema, update: z.string(), inserted: z.string(), deleted: z.string() }),
	z.object({ kind: z.literal('role'), key: z.string(), role: roomRoleSchema }),
	z.object({ kind: z.literal('kick'), key: z.string() })
]);
export type RoomOp = z.infer<typeof roomOpSchema>;

export const logEntrySchema = z.object({
	seq: z.number().int().positive(),
	at: z.number(),
	by: authorSchema,
	/** The client op id that caused it, so a re-sent op is recognised. */
	clientOpId: clientOpIdSchema.optional(),
	op: roomOpSchema
});
export type LogEntry = z.infer<typeof logEntrySchema>;

export const participantSchema = z.object({
	key: z.string(),
	name: z.string(),
	role: roomRoleSchema,
	status: presenceStatusSchema,
	guest: z.boolean()
});
export type Participant = z.infer<typeof participantSchema>;

export const roomSnapshotSchema = z.object({
	id: z.string(),
	title: z.string(),
	model: z.string().nullable(),
	messages: z.array(roomMessageSchema),
	/** messageId → participant key → reaction. */
	reactions: z.record(z.string(), z.record(z.string(), z.enum(['up', 'down']))),
	annotations: z.array(annotationSchema),
	/** The notes' Yjs document state, base64. */
	notes: z.string(),
	notesHistory: z.array(textChangeSchema),
	/** messageId → the edited message's document and history; only messages someone edited. */
	edits: z.record(z.string(), messageEditsSchema).default({})
});
export type RoomSnapshot = z.infer<typeof roomSnapshotSchema>;

/** Writes a client may ask for; the room checks the sender's role for each. */
export const clientOpSchema = z.discriminatedUnion('kind', [
	z.object({
		kind: z.literal('prompt'),
		text: z.string().trim().min(1).max(MAX_MESSAGE_CHARS),
		model: z.string().min(1).max(200).optional()
	}),
	z.object({ kind: z.literal('react'), messageId: idSchema, reaction: z.enum(['up', 'down']).nullable() }),
	z.object({ kind: z.literal('annotate'), messageId: idSchema, text: z.string().trim().min(1).max(MAX_ANNOTATION_CHARS) }),
	z.object({ kind: z.literal('notes'), update: z.string().min(1).max(MAX_NOTES_UPDATE_CHARS) }),
	/** A Yjs update (base64) of a message's text, seeded from its original content (decision 0050). */
	z.object({ kind: z.literal('edit'), messageId: idSchema, update: z.string().min(1).max(MAX_NOTES_UPDATE_CHARS) }),
	z.object({ kind: z.literal('role'), key: z.string().min(1).max(120), role: roomRoleSchema }),
	z.object({ kind: z.literal('kick'), key: z.string().min(1).max(120) })
]);
export type ClientOp = z.infer<typeof clientOpSchema>;

export const clientFrameSchema = z.discriminatedUnion('type', [
	/** First frame: `lastSeq` resumes after that entry; without it the room sends a snapshot. */
	z.object({ type: z.literal('hello'), v: z.literal(ROOM_PROTOCOL_VERSION), lastSeq: z.number().int().nonnegative().optional() }),
	z.object({ type: z.literal('op'), id: clientOpIdSchema, op: clientOpSchema }),
	z.object({ type: z.literal('typing'), typing: z.boolean() }),
	z.object({ type: z.literal('presence'), status: presenceStatusSchema })
]);
export type ClientFrame = z.infer<typeof clientFrameSchema>;

export const serverFrameSchema = z.discriminatedUnion('type', [
	z.object({
		type: z.literal('welcome'),
		v: z.literal(ROOM_PROTOCOL_VERSION),
		you: participantSchema,
		/** The room's newest sequence number. */
		seq: z.number().int().nonnegative(),
		/** Sent when the client did not resume. */
		snapshot: roomSnapshotSchema.optional(),
		/** Sent when it did: every entry after its `lastSeq`, in order. */
		entries: z.array(logEntrySchema).optional(),
		participants: z.array(participantSchema)
	}),
	/** The op with this id is applied; `seq` is the entry that recorded it. */
	z.object({ type: z.literal('ack'), id: clientOpIdSchema, seq: z.number().int().nonnegative() }),
	z.object({ type: z.literal('entry'), entry: logEntrySchema }),
	/** Someone joined or changed (status, role): one participant, not the whole list, so a
	 * crowd joining costs each socket one small frame per newcomer. */
	z.object({ type: z.literal('participant'), participant: participantSchema }),
	/** The last socket of this participant left. */
	z.object({ type: z.literal('left'), key: z.string() }),
	z.object({ type: z.literal('typing'), key: z.string(), name: z.string(), typing: z.boolean() }),
	z.object({
		type: z.literal('error'),
		code: roomErrorCodeSchema,
		message: z.string(),
		/** The client op id the error answers, when it answers one. */
		id: clientOpIdSchema.optional()
	})
]);
export type ServerFrame = z.infer<typeof serverFrameSchema>;

// HTTP bodies of /api/rooms.

export const createRoomSchema = z.object({
	title: z.string().trim().min(1).max(200),
	/** Where the room belongs: the creator's personal workspace (their user id, the default) or a team's id (decision 0019). */
	workspaceId: z.string().min(1).max(64).optional(),
	model: z.string().min(1).max(200).nullable().optional(),
	/** The visible path of the conversation, root first. */
	messages: z
		.array(
			z.object({
				id: idSchema,
				parentId: idSchema.nullable(),
				role: z.enum(['system', 'user', 'assistant']),
				content: z.string().max(MAX_ROOM_MESSAGE_CHARS),
				model: z.string().max(200).optional(),
				createdAt: z.number()
			})
		)
		.max(2_000)
});
export type CreateRoomBody = z.infer<typeof createRoomSchema>;
export const createRoomResponseSchema = z.object({ id: z.string() });

export const createLinkSchema = z.object({ role: roomRoleSchema, guests: z.boolean().default(false) });
export type CreateLinkBody = z.input<typeof createLinkSchema>;

export const roomLinkSchema = z.object({
	id: z.string(),
	role: roomRoleSchema,
	guests: z.boolean(),
	createdAt: z.number(),
	revokedAt: z.number().nullable()
});
export type RoomLink = z.infer<typeof roomLinkSchema>;
/** The token appears only in this answer; the room keeps its hash. */
export const createLinkResponseSchema = z.object({ link: roomLinkSchema, token: z.string() });
export const listLinksResponseSchema = z.object({ links: z.array(roomLinkSchema) });

/** Carries the link an admin joined with, to manage the room's links over HTTP. */
export const ROOM_LINK_HEADER = 'X-Room-Link';

/** Largest body POST /api/rooms accepts, in bytes. */
export const MAX_CREATE_ROOM_BYTES = 4_000_000;
