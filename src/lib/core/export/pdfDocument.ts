// A conversation as the document the PDF layout draws: a title, a line about the export,
// and one section per message under its speaker's name.
import type { MessageNode } from '../conversationTree.ts';
import type { PdfDocumentSpec } from './pdfLayout.ts';
import { formatTimestamp, speakerLabel, type ConversationRecord } from './types.ts';

export function toPdfDocument(conversation: ConversationRecord, messages: readonly MessageNode[]): PdfDocumentSpec {
	const sections = messages.map((node) => ({
		heading: speakerLabel(node),
		meta: formatTimestamp(node.createdAt),
		body: node.content || '(empty)'
	}));
	const system = conversation.systemPrompt.trim();
	if (system) sections.unshift({ heading: 'System prompt', meta: '', body: system });
	const count = `${messages.length} message${messages.length === 1 ? '' : 's'}`;
	return {
		title: conversation.title.replace(/\s+/g, ' ').trim() || 'Untitled conversation',
		subtitle: `Exported from Atrium · ${count} · started ${formatTimestamp(conversation.createdAt)}`,
		sections
	};
}
