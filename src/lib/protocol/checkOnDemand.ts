// Checking an answer with a schema whose module (and zod with it) loads with the first answer
// that needs it, so a first screen whose answers need no schema fetches no zod (decision 0034).
// No schema library here: only types and dynamic imports.

/** A classic or zod/mini schema: both check with `safeParse`. */
export interface AnswerSchema<T = unknown> {
	safeParse(data: unknown): { success: true; data: T } | { success: false };
}

/** A schema loaded on demand, with the answers it would accept that need no schema to see. */
export interface SchemaOnDemand<T> {
	/** Loads the schema (a dynamic import of its protocol module). */
	readonly load: () => Promise<AnswerSchema<T>>;
	/**
	 * The checked value of an answer the schema accepts as it is and that is plain enough to
	 * see without it (e.g. `{ user: null }`); undefined when the schema must decide.
	 */
	readonly plain: (data: unknown) => T | undefined;
}

export type Checked<T> = { success: true; data: T } | { success: false };

/** A schema to load when an answer needs it; `plain` answers are checked without it. */
export function schemaOnDemand<T>(load: () => Promise<AnswerSchema<T>>, plain: (data: unknown) => T | undefined = () => undefined): SchemaOnDemand<T> {
	return { load, plain };
}

/**
 * Checks `data` with `schema`: a loaded schema at once, one on demand without loading it when
 * its `plain` rule sees the answer, otherwise after loading it. Rejects when it cannot load.
 */
export async function checkAnswer<T>(data: unknown, schema: AnswerSchema<T> | SchemaOnDemand<T>): Promise<Checked<T>> {
	if ('safeParse' in schema) return schema.safeParse(data);
	const plain = schema.plain(data);
	if (plain !== undefined) return { success: true, data: plain };
	return (await schema.load()).safeParse(data);
}

/** What a zod object accepts: an object that is not null or an array. */
export function isRecord(data: unknown): data is Record<string, unknown> {
	return typeof data === 'object' && data !== null && !Array.isArray(data);
}
