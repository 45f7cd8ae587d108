// Sync operations and the /api/sync wire bodies, shared by the app and the edge. Every
// change to a user's data is one operation with a unique id and an HLC timestamp; the
// Space Durable Object orders them into a log that devices pull by cursor.
import { z } from 'zod';
import { chatRoleSchema, errorCodeSchema } from './chat.ts';
import { HLC_PATTERN } from './limits.ts';

/** Most operations in one push. */
export const MAX_PUSH_OPS = 200;
/** Largest push body the edge accepts, in bytes (the client batches below it). */
export const MAX_PUSH_BODY_BYTES = 2_000_000;
/** Most operations one pull returns (the default when no limit is asked for). */
export const MAX_PULL_LIMIT = 500;
/** Longest message content an operation may carry, in characters. */
export const MAX_OP_CONTENT_CHARS = 500_000;

/** A serialized hybrid logical clock timestamp (src/lib/core/hlc.ts), in limits.ts. */
export { HLC_PATTERN };

const idSchema = z.string().min(1).max(64).regex(/^[\w-]+$/, 'use letters, digits, - and _');
const hlcSchema = z.string().regex(HLC_PATTERN, 'not an HLC timestamp');
const timeSchema = z.number().int().nonnegative();

/** Conversation fields that sync, each last-writer-wins by the HLC of the op that set it. */
export const conversationFieldsSchema = z
	.object({
		title: z.string().max(500),
		titleSource: z.enum(['fallback', 'auto', 'user']),
		systemPrompt: z.string().max(100_000),
		model: z.string().max(300).nullable(),
		currentLeafId: idSchema.nullable(),
		pinned: z.boolean(),
		archived: z.boolean(),
		tags: z.array(z.string().min(1).max(60)).max(50),
		createdAt: timeSchema,
		updatedAt: timeSchema
	})
	.partial()
	.strict();
export type ConversationFields = z.infer<typeof conversationFieldsSchema>;

const messageStatusSchema = z.enum(['complete', 'streaming', 'interrupted', 'aborted', 'error']);
const reactionSchema = z.enum(['up', 'down']);

/** The fields of a message that may change after it is added (its reply body, 👍/👎). */
export const messageFieldsSchema = z
	.object({
		content: z.string().max(MAX_OP_CONTENT_CHARS),
		status: messageStatusSchema,
		error: z.object({ code: errorCodeSchema, message: z.string().max(2_000) }).nullable(),
		usage: z.object({ inputTokens: z.number().int().nonnegative(), outputTokens: z.number().int().nonnegative() }).nullable(),
		/** null clears the reaction. */
		reaction: reactionSchema.nullable(),
		updatedAt: timeSchema
	})
	.partial()
	.strict();
export type MessageFields = z.infer<typeof messageFieldsSchema>;

/** A message node as it is added: its place in the tree never changes afterwards. */
export const messageNodeSchema = messageFieldsSchema.extend({
	id: idSchema,
	conversationId: idSchema,
	parentId: idSchema.nullable(),
	role: chatRoleSchema,
	model: z.string().max(300).optional(),
	content: z.string().max(MAX_OP_CONTENT_CHARS),
	status: messageStatusSchema,
	createdAt: timeSchema,
	updatedAt: timeSchema
});
export type MessageNodeBody = z.infer<typeof messageNodeSchema>;

/** Largest attachment (or thumbnail) the blob store takes, in bytes. */
export const MAX_BLOB_BYTES = 25 * 1024 * 1024;
/** Most blob addresses one presence check asks about. */
export const MAX_BLOB_CHECK = 200;

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'not a hex SHA-256');
const blobBytesSchema = z.number().int().nonnegative().max(MAX_BLOB_BYTES);

/**
 * A content-addressed attachment: the bytes live in the blob store under their SHA-256.
 * The optional fields describe the file as the message shows it (its id on the sending
 * device, its kind and size in pixels or pages, and the address of its thumbnail).
 */
export const blobRefSchema = z.object({
	sha256: sha256Schema,
	size: blobBytesSchema,
	mediaType: z.string().min(1).max(200),
	name: z.string().max(300).optional(),
	attachmentId: idSchema.optional(),
	kind: z.enum(['image', 'pdf', 'text']).optional(),
	width: z.number().int().positive().max(100_000).optional(),
	height: z.number().int().positive().max(100_000).optional(),
	pages: z.number().int().positive().max(100_000).optional(),
	thumbnail: z.object({ sha256: sha256Schema, size: blobBytesSchema, mediaType: z.string().min(1).max(200) }).optional()
});
export type BlobRef = z.infer<typeof blobRefSchema>;

const opBase = { id: idSchema, hlc: hlcSchema };

export const syncOpSchema = z.discriminatedUnion('type', [
	z.object({ ...opBase, type: z.literal('conversation.set'), conversationId: idSchema, fields: conversationFieldsSchema }),
	/** A tombstone: the conversation and its messages are gone for good, on every device. */
	z.object({ ...opBase, type: z.literal('conversation.delete'), conversationId: idSchema }),
	z.object({ ...opBase, type: z.literal('message.add'), message: messageNodeSchema }),
	z.object({ ...opBase, type: z.literal('message.set'), conversationId: idSchema, messageId: idSchema, fields: messageFieldsSchema }),
	/** Attaches a blob to a message; attachments are a grow-only set per message. */
	z.object({ ...opBase, type: z.literal('blob.attach'), conversationId: idSchema, messageId: idSchema, blob: blobRefSchema })
]);
export type SyncOp = z.infer<typeof syncOpSchema>;
export type SyncOpType = SyncOp['type'];

export const pushRequestSchema = z.object({ ops: z.array(syncOpSchema).min(1).max(MAX_PUSH_OPS) });
export type PushRequest = z.infer<typeof pushRequestSchema>;

/** Each op's place in the log; a re-sent op gets the place it already had. */
export const pushResponseSchema = z.object({
	acks: z.array(z.object({ id: idSchema, seq: z.number().int().positive(), duplicate: z.boolean() }))
});
export type PushResponse = z.infer<typeof pushResponseSchema>;

/** A cursor is the sequence number of the last op a device has; 0 before the first. */
export const cursorSchema = z.coerce.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const pullQuerySchema = z.object({
	cursor: cursorSchema.default(0),
	limit: z.coerce.number().int().min(1).max(MAX_PULL_LIMIT).default(MAX_PULL_LIMIT)
});

export const pullResponseSchema = z.object({
	ops: z.array(z.object({ seq: z.number().int().positive(), op: syncOpSchema })),
	cursor: z.number().int().nonnegative(),
	/** More ops wait after `cursor`: pull again. */
	more: z.boolean()
});
export type PullResponse = z.infer<typeof pullResponseSchema>;

/** Which of these blobs does the server hold for the caller? */
export const blobCheckRequestSchema = z.object({ sha256: z.array(sha256Schema).min(1).max(MAX_BLOB_CHECK) });
export type BlobCheckRequest = z.infer<typeof blobCheckRequestSchema>;

/** `present[i]` answers for `sha256[i]` of the request. */
export const blobCheckResponseSchema = z.object({ present: z.array(z.boolean()) });
export type BlobCheckResponse = z.infer<typeof blobCheckResponseSchema>;
