// The answers the app reads as it opens, each checked by its schema in models.ts or
// authResponses.ts, loaded with the first answer that needs it (decision 0034). Signed out
// (`/api/me` with no user) and a server without model keys (`{ models: [] }`) need none.
import type { MeResponse } from './authResponses.ts';
import { isRecord, schemaOnDemand } from './checkOnDemand.ts';
import type { ApiError, ModelsResponse } from './models.ts';

/** `GET /api/me`; nobody signed in is checked without the schema. */
export const meAnswer = schemaOnDemand<MeResponse>(
	async () => (await import('./authResponses.ts')).meResponseSchema,
	(data) => (isRecord(data) && data.user === null && typeof data.twoFactorPending === 'boolean' ? { user: null, twoFactorPending: data.twoFactorPending } : undefined)
);

/** The edge's `{ error: { code, message } }` body. */
export const apiErrorAnswer = schemaOnDemand<ApiError>(async () => (await import('./models.ts')).apiErrorSchema);

/** `GET /api/models`; an empty list is checked without the schema. */
export const modelsAnswer = schemaOnDemand<ModelsResponse>(
	async () => (await import('./models.ts')).modelsResponseSchema,
	(data) => (isRecord(data) && Array.isArray(data.models) && data.models.length === 0 ? { models: [] } : undefined)
);
