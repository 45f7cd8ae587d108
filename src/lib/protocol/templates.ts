// A conversation template: a system prompt and an opening message to start a chat from.
// Custom templates are stored in the settings table and checked with this schema on read.
import { z } from 'zod';
import { MAX_MESSAGE_CHARS } from './chat.ts';

export const templateSchema = z.object({
	id: z.string().min(1),
	name: z.string().trim().min(1, 'Give the template a name.').max(80, 'Keep the name under 80 characters.'),
	systemPrompt: z.string().max(20_000),
	/** Put in the message box; the user finishes it and sends. */
	starter: z.string().max(MAX_MESSAGE_CHARS)
});
export type ConversationTemplate = z.infer<typeof templateSchema>;

export const customTemplatesSchema = z.array(templateSchema);
