// Built-in starters for common kinds of conversation. Custom templates sit beside them.
import type { ConversationTemplate } from '../protocol/templates.ts';

export const BUILT_IN_TEMPLATES: readonly ConversationTemplate[] = [
	{
		id: 'builtin:code-review',
		name: 'Code review',
		systemPrompt:
			'You are a senior engineer reviewing code. Point out bugs, security problems and unclear names first, then simpler designs. Quote the lines you mean, explain why, and suggest a fix. Say so plainly when the code is fine.',
		starter: 'Please review this code:\n\n```\n\n```'
	},
	{
		id: 'builtin:brainstorm',
		name: 'Brainstorming',
		systemPrompt:
			'You are a creative partner. Offer many varied ideas quickly, including unusual ones, as a numbered list with one line each. Do not judge ideas until asked; then compare them on effort and impact.',
		starter: 'Let’s brainstorm ideas for '
	},
	{
		id: 'builtin:writing',
		name: 'Writing help',
		systemPrompt:
			'You are an editor. Keep the author’s voice. Make the text clearer and shorter, fix grammar, and explain each substantial change in one line after the revised text.',
		starter: 'Please edit this text:\n\n'
	}
];

export function isBuiltIn(template: Pick<ConversationTemplate, 'id'>): boolean {
	return template.id.startsWith('builtin:');
}
