// A conversation as the document the PDF layout draws: a title, a line about the export,
// and one section per message under its speaker's name.
import type { MessageNode } from '../conversationTree.ts';
import type { ExportImages } from './images.ts';
import type { PdfDocumentSpec } from './pdfLayout.ts';
import { formatTimestamp, speakerLabel, type ConversationRecord } from './types.ts';

/** With `images`, a message's images are drawn under it (keyed by attachment id); other files are named. */
export function toPdfDocument(conversation: ConversationRecord, messages: readonly MessageNode[], images?: ExportImages): PdfDocumentSpec {
	const sections = messages.map((node) => {
		const refs = node.attachments ?? [];
		const drawn = refs.filter((ref) => images?.has(ref.id));
		const named = refs.filter((ref) => !images?.has(ref.id)).map((ref) => `[Attached: ${ref.name}]`);
		return {
			heading: speakerLabel(node),
			meta: formatTimestamp(node.createdAt),
			body: [node.content || '(empty)', ...named].join('\n'),
			...(drawn.length > 0 ? { images: drawn.map((ref) => ({ key: ref.id, width: ref.width, height: ref.height })) } : {})
		};
	});
	const system = conversation.systemPrompt.trim();
	if (system) sections.unshift({ heading: 'System prompt', meta: '', body: system });
	const count = `${messages.length} message${messages.length === 1 ? '' : 's'}`;
	return {
		title: conversation.title.replace(/\s+/g, ' ').trim() || 'Untitled conversation',
		subtitle: `Exported from Atrium · ${count} · started ${formatTimestamp(conversation.createdAt)}`,
		sections
	};
}
