// A JSON Schema the user picked or wrote, checked and compiled with Ajv (decision 0024), and
// the check of a model's answer against it. Ajv loads on first use: only extraction needs it.
import type { ErrorObject } from 'ajv';

/** A schema Atrium will not use, with a message that says what is wrong with it. */
export class SchemaError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'SchemaError';
	}
}

export interface CompiledSchema {
	schema: Record<string, unknown>;
	/** What is wrong with `value`, one line per problem; empty when it follows the schema. */
	check(value: unknown): string[];
}

/**
 * A compiled schema wherever it runs: here, or in the schema worker (Ajv compiles validators
 * with `new Function`, which the app shell's Content-Security-Policy does not allow; decision
 * 0049). `release` frees it once its checks are done.
 */
export interface SchemaChecker {
	schema: Record<string, unknown>;
	check(value: unknown): Promise<string[]>;
	release(): void;
}

/** Compiles a schema's text into a checker; throws SchemaError with a message for the user. */
export type CompileSchema = (text: string) => Promise<SchemaChecker>;

/** Compiles in this thread: in a worker, or in Node (tests, tools). */
export const compileHere: CompileSchema = async (text) => {
	const compiled = await compileSchema(text);
	return { schema: compiled.schema, check: async (value) => compiled.check(value), release() {} };
};

/** Longest schema text accepted, in characters. */
export const MAX_SCHEMA_CHARS = 20_000;

/** Parses and compiles a schema; throws SchemaError with a message for the user. */
export async function compileSchema(text: string): Promise<CompiledSchema> {
	if (!text.trim()) throw new SchemaError('Write or pick a JSON Schema first.');
	if (text.length > MAX_SCHEMA_CHARS) throw new SchemaError(`The schema is ${text.length} characters; the limit is ${MAX_SCHEMA_CHARS}.`);
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch (error) {
		throw new SchemaError(`The schema is not valid JSON: ${error instanceof Error ? error.message : String(error)}.`);
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		throw new SchemaError('The schema must be a JSON object, such as {"type": "object", "properties": {…}}.');
	}
	const schema = parsed as Record<string, unknown>;
	// Providers answer structured output with a JSON object at the top (OpenAI requires it).
	if (schema.type !== 'object') throw new SchemaError('The schema must describe an object at the top level: add "type": "object".');
	const draft07 = typeof schema.$schema === 'string' && schema.$schema.includes('draft-07');
	const AjvClass = draft07 ? (await import('ajv')).Ajv : (await import('ajv/dist/2020.js')).Ajv2020;
	// Not strict: unknown keywords (e.g. "examples" from other tools) are allowed, but the
	// schema itself is still checked against the meta-schema.
	const ajv = new AjvClass({ allErrors: true, strict: false });
	let validate: ReturnType<typeof ajv.compile>;
	try {
		validate = ajv.compile(schema);
	} catch (error) {
		throw new SchemaError(`The schema is not a valid JSON Schema: ${error instanceof Error ? error.message : String(error)}.`);
	}
	return {
		schema,
		check(value) {
			return validate(value) ? [] : (validate.errors ?? []).map(describeProblem);
		}
	};
}

function describeProblem(error: ErrorObject): string {
	const where = error.instancePath || '(top level)';
	const extra = error.keyword === 'additionalProperties' ? ` (“${String(error.params.additionalProperty)}”)` : '';
	return `${where}: ${error.message ?? error.keyword}${extra}`;
}

/**
 * The JSON in a model's answer: the whole text, or the inside of a ```json fence (models
 * without structured output often add one). Throws with the parser's message otherwise.
 */
export function parseModelJson(text: string): unknown {
	const trimmed = text.trim();
	const fenced = /^```(?:json)?\s*\n([\s\S]*?)\n?```$/i.exec(trimmed);
	try {
		return JSON.parse(fenced?.[1] ?? trimmed);
	} catch (error) {
		throw new SchemaError(`The model did not answer with valid JSON: ${error instanceof Error ? error.message : String(error)}.`);
	}
}
