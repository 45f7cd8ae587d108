// Builds the file for each export format. PDF rendering is loaded only when asked for.
import { serializeAtriumExport, toAtriumExport } from '$lib/core/export/atriumJson.ts';
import { toCsv } from '$lib/core/export/csv.ts';
import { toMarkdown } from '$lib/core/export/markdown.ts';
import { toPdfDocument } from '$lib/core/export/pdfDocument.ts';
import { exportFileName, selectionAsConversation } from '$lib/core/export/selection.ts';
import type { ConversationWithMessages } from '$lib/core/export/types.ts';
import type { ExportImages } from '$lib/core/export/images.ts';
import type { MessageNode } from '$lib/core/conversationTree.ts';

export type ExportFormat = 'markdown' | 'json' | 'csv' | 'pdf';

export const EXPORT_FORMATS: { id: ExportFormat; label: string; hint: string }[] = [
	{ id: 'markdown', label: 'Markdown', hint: 'Readable text with a heading per speaker' },
	{ id: 'json', label: 'Atrium JSON', hint: 'Every branch; imports back into Atrium' },
	{ id: 'csv', label: 'CSV', hint: 'One row per message, for spreadsheets' },
	{ id: 'pdf', label: 'PDF', hint: 'To print or share' }
];

export interface ExportFile {
	blob: Blob;
	fileName: string;
}

/**
 * The file for one conversation. `messages` are the visible path or the user's selection
 * from it; JSON of the whole conversation (no selection) carries every branch instead.
 * `images` (exports "with images") holds the bytes of the images those messages carry.
 */
export async function exportConversation(
	format: ExportFormat,
	source: ConversationWithMessages,
	messages: readonly MessageNode[],
	whole: boolean,
	images?: ExportImages
): Promise<ExportFile> {
	const { conversation } = source;
	switch (format) {
		case 'markdown':
			return { blob: new Blob([toMarkdown(conversation, messages, images)], { type: 'text/markdown;charset=utf-8' }), fileName: exportFileName(conversation.title, 'md') };
		case 'csv':
			// A byte-order mark so spreadsheet programs read the file as UTF-8.
			return { blob: new Blob(['\ufeff', toCsv(messages, images)], { type: 'text/csv;charset=utf-8' }), fileName: exportFileName(conversation.title, 'csv') };
		case 'json': {
			const data = toAtriumExport([whole ? source : selectionAsConversation(source, messages)], Date.now(), images);
			return { blob: new Blob([serializeAtriumExport(data)], { type: 'application/json' }), fileName: exportFileName(conversation.title, 'json') };
		}
		case 'pdf': {
			const { renderPdf } = await import('./pdfRender.ts');
			return { blob: await renderPdf(toPdfDocument(conversation, messages, images), images), fileName: exportFileName(conversation.title, 'pdf') };
		}
	}
}

/** Every conversation on this device as one Atrium JSON file (with `images`: their bytes too). */
export function exportAll(items: readonly ConversationWithMessages[], now = new Date(), images?: ExportImages): ExportFile {
	const blob = new Blob([serializeAtriumExport(toAtriumExport(items, now.getTime(), images))], { type: 'application/json' });
	return { blob, fileName: `atrium-export-${now.toISOString().slice(0, 10)}.json` };
}
