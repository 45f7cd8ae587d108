// The answers checked without their schema must be exactly what the schema would make of
// them; everything else goes to the schema.
import { describe, expect, it } from 'vitest';
import { meResponseSchema } from './authResponses.ts';
import type { AnswerSchema, SchemaOnDemand } from './checkOnDemand.ts';
import { apiErrorSchema, modelsResponseSchema } from './models.ts';
import { apiErrorAnswer, meAnswer, modelsAnswer } from './startupAnswers.ts';

const USER = { id: 'u1', email: 'ada@example.com', emailVerified: true, twoFactorEnabled: false, createdAt: '2026-01-01T00:00:00.000Z' };

/** Every answer the plain rule passes, the schema accepts with the same value; the rest it leaves to the schema. */
async function agrees<T>(answer: SchemaOnDemand<T>, schema: AnswerSchema<T>, plain: unknown[], needSchema: unknown[]) {
	expect(await answer.load()).toBe(schema);
	for (const data of plain) {
		const checked = schema.safeParse(data);
		expect(checked.success, JSON.stringify(data)).toBe(true);
		expect(answer.plain(data)).toEqual(checked.success ? checked.data : 'rejected');
	}
	for (const data of needSchema) expect(answer.plain(data), JSON.stringify(data)).toBeUndefined();
}

describe('startup answers', () => {
	it('/api/me: signed out needs no schema; a user or anything odd does', async () => {
		await agrees(
			meAnswer,
			meResponseSchema,
			[{ user: null, twoFactorPending: false }, { user: null, twoFactorPending: true, extra: 1 }],
			[{ user: USER, twoFactorPending: false }, { user: null }, { user: null, twoFactorPending: 'no' }, { twoFactorPending: false }, [], null, 'signed out']
		);
	});

	it('/api/models: an empty list needs no schema; models or anything odd do', async () => {
		await agrees(
			modelsAnswer,
			modelsResponseSchema,
			[{ models: [] }, { models: [], note: 'no keys' }],
			[{ models: [{ id: 'x' }] }, { models: {} }, { models: null }, {}, null]
		);
	});

	it('error bodies always go to the schema', async () => {
		await agrees(apiErrorAnswer, apiErrorSchema, [], [{ error: { code: 'not_found', message: 'Gone.' } }, {}, null]);
	});
});
