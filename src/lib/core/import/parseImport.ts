// One entry point for an import file: parse, recognise the format, validate with its
// schema, and convert — or refuse with a message that says what is wrong.
import type { z } from 'zod';
import { ATRIUM_EXPORT_FORMAT, ATRIUM_EXPORT_VERSION, atriumExportSchema } from '../../protocol/exportFormat.ts';
import { chatgptExportSchema, openWebUIExportSchema } from '../../protocol/foreignExports.ts';
import { fromAtriumExport } from './atrium.ts';
import { fromChatgptExport } from './chatgpt.ts';
import { describeIssues } from './issues.ts';
import { fromOpenWebUIExport } from './openWebUI.ts';
import { FORMAT_LABELS, ImportError, type ImportFormat, type ImportPlan } from './types.ts';

/** Largest import file read, in bytes: the whole file is parsed in memory. */
export const MAX_IMPORT_BYTES = 256 * 1024 * 1024;

const isObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** Which product wrote `data`, judged by the fields each one always writes. */
export function detectFormat(data: unknown): ImportFormat {
	if (isObject(data) && data.format === ATRIUM_EXPORT_FORMAT) return 'atrium';
	const first = Array.isArray(data) ? data[0] : data;
	if (isObject(first) && 'mapping' in first) return 'chatgpt';
	if (isObject(first) && 'chat' in first) return 'openwebui';
	if (Array.isArray(data) && data.length === 0) throw new ImportError('empty', 'The file holds no conversations.');
	throw new ImportError(
		'unknown_format',
		'This file is not an export Atrium can read. Expected Atrium JSON (with "format": "atrium.conversations"), ChatGPT’s conversations.json (conversations with a "mapping"), or an Open WebUI chat export (chats with "chat.history").'
	);
}

const ARTICLES: Record<ImportFormat, string> = { atrium: 'an', chatgpt: 'a', openwebui: 'an' };

function validate<T>(schema: z.ZodType<T>, data: unknown, format: ImportFormat): T {
	const result = schema.safeParse(data);
	if (result.success) return result.data;
	throw new ImportError(
		'invalid',
		`This looks like ${ARTICLES[format]} ${FORMAT_LABELS[format]} export, but some of it is missing or wrong:\n${describeIssues(result.error.issues)}`
	);
}

export function planImport(data: unknown, newId?: () => string): ImportPlan {
	const format = detectFormat(data);
	let plan: ImportPlan;
	if (format === 'atrium') {
		const version = (data as { version?: unknown }).version;
		if (typeof version === 'number' && version > ATRIUM_EXPORT_VERSION) {
			throw new ImportError(
				'unsupported_version',
				`This file was written by a newer Atrium (format version ${version}); this one reads version ${ATRIUM_EXPORT_VERSION}. Update Atrium and try again.`
			);
		}
		plan = fromAtriumExport(validate(atriumExportSchema, data, format));
	} else if (format === 'chatgpt') {
		plan = fromChatgptExport(validate(chatgptExportSchema, Array.isArray(data) ? data : [data], format), newId);
	} else {
		plan = fromOpenWebUIExport(validate(openWebUIExportSchema, Array.isArray(data) ? data : [data], format), newId);
	}
	if (plan.conversations.length === 0) {
		throw new ImportError('empty', `The ${FORMAT_LABELS[format]} file holds no conversation with messages to import.`);
	}
	return plan;
}

/** Parses the text of an import file into a plan; nothing is stored. */
export function parseImportText(text: string, newId?: () => string): ImportPlan {
	if (text.length > MAX_IMPORT_BYTES) {
		throw new ImportError('too_large', `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB, the most Atrium imports at once.`);
	}
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch (error) {
		const detail = error instanceof Error ? error.message : String(error);
		throw new ImportError('not_json', `The file is not valid JSON (${detail}). Choose the .json file the export produced.`);
	}
	return planImport(data, newId);
}
