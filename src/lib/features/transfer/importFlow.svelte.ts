// The import journey: read a file, show what it holds, then store it whole on confirmation.
import { parseImportText, MAX_IMPORT_BYTES } from '$lib/core/import/parseImport.ts';
import { countMessages, FORMAT_LABELS, ImportError, type ImportPlan } from '$lib/core/import/types.ts';
import type { AtriumDatabase } from '$lib/db/database.ts';
import { applyImport, findDuplicates, type DuplicatePolicy, type ImportSummary } from '$lib/db/transfer.ts';

export interface ImportPreview {
	fileName: string;
	formatLabel: string;
	conversations: number;
	messages: number;
	/** Titles of conversations this browser already has. */
	duplicates: string[];
	warnings: string[];
}

export class ImportFlow {
	stage = $state<'idle' | 'reading' | 'preview' | 'importing' | 'done'>('idle');
	error = $state<string | null>(null);
	preview = $state<ImportPreview | null>(null);
	duplicates = $state<DuplicatePolicy>('skip');
	result = $state<ImportSummary | null>(null);
	#plan: ImportPlan | null = null;
	readonly #db: AtriumDatabase;

	constructor(db: AtriumDatabase) {
		this.#db = db;
	}

	/** Reads and checks a file; nothing is stored until `confirm`. */
	async read(file: File): Promise<void> {
		this.reset();
		this.stage = 'reading';
		try {
			if (file.size > MAX_IMPORT_BYTES) {
				throw new ImportError('too_large', `“${file.name}” is ${(file.size / 1024 / 1024).toFixed(0)} MB; Atrium imports files up to ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`);
			}
			const plan = parseImportText(await file.text());
			this.#plan = plan;
			this.preview = {
				fileName: file.name,
				formatLabel: FORMAT_LABELS[plan.format],
				conversations: plan.conversations.length,
				messages: countMessages(plan),
				duplicates: await findDuplicates(this.#db, plan),
				warnings: plan.warnings
			};
			this.stage = 'preview';
		} catch (error) {
			this.stage = 'idle';
			this.error = error instanceof ImportError ? error.message : `Could not read “${file.name}”: ${error instanceof Error ? error.message : String(error)}`;
		}
	}

	async confirm(): Promise<void> {
		const plan = this.#plan;
		if (!plan || this.stage !== 'preview') return;
		this.stage = 'importing';
		try {
			this.result = await applyImport(this.#db, plan, this.duplicates);
			this.stage = 'done';
			this.#plan = null;
		} catch (error) {
			this.stage = 'preview';
			this.error = `Nothing was imported: ${error instanceof Error ? error.message : String(error)}`;
		}
	}

	reset(): void {
		this.stage = 'idle';
		this.error = null;
		this.preview = null;
		this.result = null;
		this.duplicates = 'skip';
		this.#plan = null;
	}
}
