// What the document badges need from the chat around them: the database and the model now
// selected (classification and extraction go through it). ChatView provides it; where no
// one does (a shared room), badges show what is stored and offer no actions.
import { getContext, setContext } from 'svelte';
import type { AttachmentRef } from '../../core/documents/types.ts';
import type { AtriumDatabase } from '../../db/database.ts';
import type { ResolvedModel } from '../../providers/registry.ts';
// insights.ts (prompts, JSON Schema checks) loads with the first document to classify (decision 0022).
import type { ModelChoice } from './insights.ts';

const KEY = Symbol('documentTools');

export interface DocumentTools {
	db: AtriumDatabase;
	/** The selected model, or null when none is picked or its source is gone. */
	choice(): ModelChoice | null;
	/** Classifies the documents of a message just sent, in the background. */
	classifySent(refs: readonly AttachmentRef[]): void;
}

export function provideDocumentTools(database: () => AtriumDatabase, modelKey: () => string | null, resolve: (key: string) => ResolvedModel | null): DocumentTools {
	const tools: DocumentTools = {
		get db() {
			return database();
		},
		choice() {
			const key = modelKey();
			const model = key ? resolve(key) : null;
			return key && model ? { key, model } : null;
		},
		classifySent(refs) {
			void import('./insights.ts').then(({ classifyNew }) => classifyNew(tools.db, refs, tools.choice())).catch((error: unknown) => console.error('Could not classify the documents', error));
		}
	};
	setContext(KEY, tools);
	return tools;
}

export function documentTools(): DocumentTools | undefined {
	return getContext<DocumentTools | undefined>(KEY);
}

export const NO_MODEL = 'Pick a model first: classification and extraction use the selected model.';
