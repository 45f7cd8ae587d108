// Classifying a stored document and extracting JSON from it with the selected model. Each
// step is written to IndexedDB as it happens (classifying → done | failed), so the badge
// shows progress, a failure can be retried, and nothing the user wrote is lost.
import type { AttachmentRef } from '../../core/documents/types.ts';
import type { AtriumDatabase } from '../../db/database.ts';
import type { ResolvedModel } from '../../providers/registry.ts';
import { compileHere, parseModelJson, SchemaError, type CompileSchema, type SchemaChecker } from './jsonSchema.ts';
import { completeText } from './modelText.ts';
import { CATEGORIES_SETTING_KEY, classificationRequest, extractionRequest, parseClassification, readCategories } from './prompts.ts';
import type { Classification, DocumentInsight, Extraction } from './types.ts';

export interface ModelChoice {
	key: string;
	model: ResolvedModel;
}

/** Documents (not images) are classified. */
export function isDocument(ref: Pick<AttachmentRef, 'kind'>): boolean {
	return ref.kind === 'pdf' || ref.kind === 'text';
}

/** The text of a stored document: a text file's contents, or a PDF's passages in order. */
export async function documentText(db: AtriumDatabase, attachmentId: string): Promise<{ name: string; conversationId: string; text: string }> {
	const record = await db.attachments.get(attachmentId);
	if (!record) throw new Error('This file is not on this device.');
	if (record.kind === 'text') return { name: record.name, conversationId: record.conversationId, text: await record.blob.text() };
	const chunks = await db.documentChunks.where('attachmentId').equals(attachmentId).toArray();
	chunks.sort((a, b) => a.index - b.index);
	// Passages overlap a little; the model is told what the document says, not asked to quote it.
	const text = chunks.map((chunk) => (chunk.page === null ? chunk.text : `[page ${chunk.page}] ${chunk.text}`)).join('\n');
	if (!text.trim()) throw new Error('No text could be read from this file.');
	return { name: record.name, conversationId: record.conversationId, text };
}

export async function loadCategories(db: AtriumDatabase): Promise<string[]> {
	return readCategories((await db.settings.get(CATEGORIES_SETTING_KEY))?.value);
}

export async function saveCategories(db: AtriumDatabase, categories: readonly string[]): Promise<void> {
	await db.settings.put({ key: CATEGORIES_SETTING_KEY, value: [...categories] });
}

async function update(db: AtriumDatabase, attachmentId: string, conversationId: string, patch: Partial<Pick<DocumentInsight, 'classification' | 'extraction'>>): Promise<void> {
	await db.transaction('rw', db.documentInsights, async () => {
		const row = (await db.documentInsights.get(attachmentId)) ?? { attachmentId, conversationId };
		await db.documentInsights.put({ ...row, ...patch });
	});
}

/** Classifies one stored document; the outcome (category or error) is stored, never thrown. */
export async function classifyDocument(db: AtriumDatabase, attachmentId: string, choice: ModelChoice, signal?: AbortSignal): Promise<Classification> {
	const record = await db.attachments.get(attachmentId);
	const conversationId = record?.conversationId ?? '';
	const base = { model: choice.key };
	await update(db, attachmentId, conversationId, { classification: { ...base, state: 'classifying', updatedAt: Date.now() } });
	let result: Classification;
	try {
		const categories = await loadCategories(db);
		const doc = await documentText(db, attachmentId);
		const answer = await completeText(choice.model, classificationRequest(choice.model.modelId, doc.name, doc.text, categories), signal);
		const category = parseClassification(answer, categories);
		result = category
			? { ...base, state: 'done', category, updatedAt: Date.now() }
			: { ...base, state: 'failed', error: `The model answered “${answer.trim().slice(0, 80)}”, which is none of: ${categories.join(', ')}.`, updatedAt: Date.now() };
	} catch (error) {
		result = { ...base, state: 'failed', error: error instanceof Error ? error.message : String(error), updatedAt: Date.now() };
	}
	await update(db, attachmentId, conversationId, { classification: result });
	return result;
}

/** Classifies the documents of a message just sent, one after another, in the background. */
export async function classifyNew(db: AtriumDatabase, refs: readonly AttachmentRef[], choice: ModelChoice | null): Promise<void> {
	if (!choice) return;
	for (const ref of refs.filter(isDocument)) await classifyDocument(db, ref.id, choice);
}

export interface ExtractOptions {
	signal?: AbortSignal;
	/** Where the schema is compiled and checked: in this thread unless given (the page passes the schema worker's). */
	compile?: CompileSchema;
}

/**
 * Extracts JSON following the schema in `schemaText`. An invalid schema throws SchemaError
 * before anything is asked or stored; everything after is stored (the answer too, when it
 * does not follow the schema) and returned.
 */
export async function extractDocument(db: AtriumDatabase, attachmentId: string, schemaText: string, choice: ModelChoice, options: ExtractOptions = {}): Promise<Extraction> {
	const compiled = await (options.compile ?? compileHere)(schemaText);
	try {
		return await extractWith(db, attachmentId, schemaText, choice, compiled, options.signal);
	} finally {
		compiled.release();
	}
}

async function extractWith(db: AtriumDatabase, attachmentId: string, schemaText: string, choice: ModelChoice, compiled: SchemaChecker, signal?: AbortSignal): Promise<Extraction> {
	const doc = await documentText(db, attachmentId);
	const base = { schemaText, model: choice.key };
	await update(db, attachmentId, doc.conversationId, { extraction: { ...base, state: 'running', updatedAt: Date.now() } });
	let result: Extraction;
	let output: string | undefined;
	try {
		output = await completeText(choice.model, extractionRequest(choice.model.modelId, doc.name, doc.text, compiled.schema), signal);
		const value = parseModelJson(output);
		const problems = await compiled.check(value);
		result = problems.length === 0 ? { ...base, state: 'done', output, value, updatedAt: Date.now() } : { ...base, state: 'invalid', output, problems, updatedAt: Date.now() };
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		result =
			error instanceof SchemaError && output !== undefined
				? { ...base, state: 'invalid', output, problems: [message], updatedAt: Date.now() }
				: { ...base, state: 'failed', error: message, updatedAt: Date.now() };
	}
	await update(db, attachmentId, doc.conversationId, { extraction: result });
	return result;
}
