// The parts of other products' export files that Atrium imports: ChatGPT's
// `conversations.json` and Open WebUI's chat export. Only the fields we read are declared;
// everything else in those files is ignored.
import { z } from 'zod';

const chatgptMessageSchema = z.object({
	author: z.object({ role: z.string() }),
	create_time: z.number().nullish(),
	content: z.object({
		content_type: z.string(),
		parts: z.array(z.unknown()).optional(),
		text: z.string().optional()
	}),
	/** Messages addressed to a tool (`python`, `browser`, …) rather than to the user. */
	recipient: z.string().optional(),
	metadata: z
		.object({
			model_slug: z.string().nullish(),
			is_visually_hidden_from_conversation: z.boolean().nullish()
		})
		.nullish()
});

export const chatgptNodeSchema = z.object({
	id: z.string(),
	parent: z.string().nullish(),
	children: z.array(z.string()),
	message: chatgptMessageSchema.nullish()
});
export type ChatgptNode = z.infer<typeof chatgptNodeSchema>;

export const chatgptConversationSchema = z
	.object({
		id: z.string().optional(),
		conversation_id: z.string().optional(),
		title: z.string().nullish(),
		create_time: z.number().nullish(),
		update_time: z.number().nullish(),
		mapping: z.record(z.string(), chatgptNodeSchema),
		current_node: z.string().nullish()
	})
	.refine((c) => c.id !== undefined || c.conversation_id !== undefined, {
		message: 'needs an "id" or a "conversation_id"'
	});
export type ChatgptConversation = z.infer<typeof chatgptConversationSchema>;

export const chatgptExportSchema = z.array(chatgptConversationSchema);

export const openWebUIMessageSchema = z.object({
	id: z.string(),
	parentId: z.string().nullish(),
	childrenIds: z.array(z.string()).optional(),
	role: z.string(),
	content: z.string(),
	/** Unix time; Open WebUI writes seconds. */
	timestamp: z.number().nullish(),
	model: z.string().nullish(),
	files: z.array(z.unknown()).nullish()
});
export type OpenWebUIMessage = z.infer<typeof openWebUIMessageSchema>;

export const openWebUIChatSchema = z
	.object({
		title: z.string().nullish(),
		history: z
			.object({
				messages: z.record(z.string(), openWebUIMessageSchema),
				currentId: z.string().nullish()
			})
			.optional(),
		/** Older exports, and the linear view newer ones keep beside `history`. */
		messages: z.array(openWebUIMessageSchema).optional(),
		timestamp: z.number().nullish()
	})
	.refine((chat) => chat.history !== undefined || chat.messages !== undefined, {
		message: 'needs "history" or "messages"'
	});

export const openWebUIChatRowSchema = z.object({
	id: z.string(),
	title: z.string().nullish(),
	chat: openWebUIChatSchema,
	created_at: z.number().nullish(),
	updated_at: z.number().nullish()
});
export type OpenWebUIChatRow = z.infer<typeof openWebUIChatRowSchema>;

export const openWebUIExportSchema = z.array(openWebUIChatRowSchema);
