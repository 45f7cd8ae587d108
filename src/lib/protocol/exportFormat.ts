// Atrium's own export format: every conversation with its whole message tree (all branches),
// versioned so a file written today is still read by later versions.
import { z } from 'zod';
import { chatRoleSchema, errorCodeSchema } from './chat.ts';

export const ATRIUM_EXPORT_FORMAT = 'atrium.conversations';
export const ATRIUM_EXPORT_VERSION = 1;

/** Milliseconds since the epoch. */
const epochMs = z.number().int().nonnegative();

/**
 * A file attached to a message. Attachments do not exist in Atrium yet; the slot is part of
 * version 1 so that adding them needs no new version: a message lists references, and the
 * bytes live once per file in the top-level `blobs` map (keyed by SHA-256), so an export
 * "without images" simply leaves `blobs` out and keeps the references.
 */
export const exportAttachmentSchema = z.object({
	id: z.string().min(1),
	name: z.string(),
	mimeType: z.string(),
	size: z.number().int().nonnegative(),
	/** Key into `blobs`; absent when the bytes were left out of the export. */
	sha256: z.string().optional()
});

export const exportBlobSchema = z.object({
	mimeType: z.string(),
	/** The file's bytes, base64-encoded. */
	base64: z.string()
});

export const exportMessageSchema = z.object({
	id: z.string().min(1),
	parentId: z.string().min(1).nullable(),
	role: chatRoleSchema,
	content: z.string(),
	model: z.string().optional(),
	status: z.enum(['complete', 'streaming', 'interrupted', 'aborted', 'error']),
	error: z.object({ code: errorCodeSchema, message: z.string() }).optional(),
	usage: z
		.object({ inputTokens: z.number().int().nonnegative(), outputTokens: z.number().int().nonnegative() })
		.optional(),
	reaction: z.enum(['up', 'down']).optional(),
	attachments: z.array(exportAttachmentSchema).optional(),
	createdAt: epochMs,
	updatedAt: epochMs
});
export type ExportMessage = z.infer<typeof exportMessageSchema>;

export const importSourceSchema = z.object({
	format: z.enum(['atrium', 'chatgpt', 'openwebui']),
	id: z.string().min(1)
});

export const exportConversationSchema = z.object({
	id: z.string().min(1),
	title: z.string(),
	titleSource: z.enum(['fallback', 'auto', 'user']),
	systemPrompt: z.string(),
	model: z.string().nullable(),
	currentLeafId: z.string().nullable(),
	createdAt: epochMs,
	updatedAt: epochMs,
	importedFrom: importSourceSchema.optional(),
	messages: z.array(exportMessageSchema)
});
export type ExportConversation = z.infer<typeof exportConversationSchema>;

export const atriumExportSchema = z.object({
	format: z.literal(ATRIUM_EXPORT_FORMAT),
	version: z.literal(ATRIUM_EXPORT_VERSION),
	exportedAt: epochMs,
	conversations: z.array(exportConversationSchema),
	blobs: z.record(z.string(), exportBlobSchema).optional()
});
export type AtriumExport = z.infer<typeof atriumExportSchema>;
