// Markdown export: a heading per speaker, message text as written (it is Markdown already).
import type { MessageNode } from '../conversationTree.ts';
import { attachmentLines, type ExportImages } from './images.ts';
import { formatTimestamp, speakerLabel, type ConversationRecord } from './types.ts';

/** With `images`, a message's images are inline data URLs; otherwise its files are named. */
export function toMarkdown(conversation: ConversationRecord, messages: readonly MessageNode[], images?: ExportImages): string {
	const lines: string[] = [`# ${oneLine(conversation.title)}`, ''];
	const count = `${messages.length} message${messages.length === 1 ? '' : 's'}`;
	lines.push(`_Exported from Atrium · ${count} · started ${formatTimestamp(conversation.createdAt)}_`, '');
	const system = conversation.systemPrompt.trim();
	if (system) {
		lines.push('> **System prompt**', ...system.split('\n').map((line) => `> ${line}`), '');
	}
	for (const node of messages) {
		lines.push(`## ${speakerLabel(node)}`, '', `_${formatTimestamp(node.createdAt)}_`, '');
		lines.push(node.content.trimEnd() || '_(empty)_', '');
		const files = attachmentLines(node, images);
		if (files.length > 0) lines.push(...files.flatMap((line) => [line, '']));
	}
	return `${lines.join('\n').trimEnd()}\n`;
}

function oneLine(text: string): string {
	return text.replace(/\s+/g, ' ').trim() || 'Untitled conversation';
}
