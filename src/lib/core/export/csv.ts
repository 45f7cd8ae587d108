// CSV export per RFC 4180: CRLF between records, a header row, and any field holding a
// comma, a quote, CR or LF wrapped in quotes with inner quotes doubled. Content is written
// as it is (no formula escaping), so the file round-trips; spreadsheet users get text that
// starts with `=` as the text it is only if their program imports it as text.
import type { MessageNode } from '../conversationTree.ts';
import { dataUrl, type ExportImages } from './images.ts';

export const CSV_COLUMNS = ['index', 'role', 'model', 'created_at', 'status', 'reaction', 'id', 'parent_id', 'content', 'attachments', 'images'] as const;

/** One field, quoted only when RFC 4180 needs it. */
export function csvField(value: string): string {
	return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvRecord(fields: readonly string[]): string {
	return fields.map(csvField).join(',');
}

/**
 * One row per message, in the order given (the visible path, or a selection of it). File
 * names go in `attachments` ("; " between them); with `images`, their data URLs in `images`.
 */
export function toCsv(messages: readonly MessageNode[], images?: ExportImages): string {
	const rows = messages.map((node, index) =>
		csvRecord([
			String(index + 1),
			node.role,
			node.model ?? '',
			new Date(node.createdAt).toISOString(),
			node.status,
			node.reaction ?? '',
			node.id,
			node.parentId ?? '',
			node.content,
			(node.attachments ?? []).map((ref) => ref.name).join('; '),
			(node.attachments ?? []).flatMap((ref) => {
				const image = images?.get(ref.id);
				return image ? [dataUrl(image)] : [];
			}).join(' ')
		])
	);
	return [csvRecord(CSV_COLUMNS), ...rows].join('\r\n') + '\r\n';
}
