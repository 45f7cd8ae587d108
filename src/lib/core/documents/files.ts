// Which files can be attached, and how large. Checked from the file's name, type and size
// before a single byte is read, so a 2 GB file is refused at once.
import { MAX_IMAGES_PER_MESSAGE } from '../../protocol/limits.ts';
import type { AttachmentKind } from './types.ts';

export const MAX_BYTES: Record<AttachmentKind, number> = {
	image: 40 * 1024 * 1024,
	pdf: 200 * 1024 * 1024,
	text: 10 * 1024 * 1024
};

/** Most files on one message. */
export const MAX_ATTACHMENTS = MAX_IMAGES_PER_MESSAGE;

/** Text files up to this many characters go into the message whole; longer ones are searched. */
export const INLINE_TEXT_CHARS = 20_000;

const TEXT_EXTENSIONS = new Set(
	(
		'txt md markdown rst org tex csv tsv log json jsonl yaml yml toml ini cfg conf env xml html htm css scss less svg ' +
		'js mjs cjs jsx ts tsx svelte vue py rb php java kt kts scala go rs c h cc cpp hpp cs swift m mm r jl lua pl sh bash zsh fish ps1 ' +
		'sql graphql proto dockerfile makefile gradle properties diff patch'
	).split(' ')
);

function extension(name: string): string {
	const lower = name.toLowerCase();
	const base = lower.slice(lower.lastIndexOf('/') + 1);
	if (base === 'dockerfile' || base === 'makefile') return base;
	const dot = base.lastIndexOf('.');
	return dot >= 0 ? base.slice(dot + 1) : '';
}

export function classifyFile(file: { name: string; type: string }): AttachmentKind | null {
	const type = file.type.toLowerCase();
	const ext = extension(file.name);
	if (type === 'application/pdf' || ext === 'pdf') return 'pdf';
	// SVG is text (markup) to a model, and drawing it could run its scripts.
	if (type === 'image/svg+xml' || ext === 'svg') return 'text';
	if (type.startsWith('image/')) return 'image';
	if (type.startsWith('text/') || TEXT_EXTENSIONS.has(ext)) return 'text';
	if (/^application\/(json|xml|x-yaml|yaml|toml|x-sh|javascript|typescript|sql)/.test(type)) return 'text';
	return null;
}

export function formatBytes(bytes: number): string {
	if (bytes < 1024) return `${bytes} B`;
	const units = ['KB', 'MB', 'GB', 'TB'];
	let value = bytes / 1024;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit += 1;
	}
	return `${value >= 10 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

export function pageCount(pages: number): string {
	return `${pages.toLocaleString('en')} page${pages === 1 ? '' : 's'}`;
}

const KIND_WORD: Record<AttachmentKind, string> = { image: 'Images', pdf: 'PDFs', text: 'Text files' };

/** Why this file cannot be attached, or null when it can. Reads nothing. */
export function refuseFile(file: { name: string; type: string; size: number }): string | null {
	const kind = classifyFile(file);
	if (!kind) {
		return `“${file.name}” cannot be attached: Atrium reads images, PDFs, and text or code files.`;
	}
	if (file.size > MAX_BYTES[kind]) {
		return `“${file.name}” is ${formatBytes(file.size)}. ${KIND_WORD[kind]} can be at most ${formatBytes(MAX_BYTES[kind])}.`;
	}
	if (file.size === 0) return `“${file.name}” is empty.`;
	return null;
}
