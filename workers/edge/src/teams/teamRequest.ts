// What every team route starts with: the signed-in user, the team id from the path
// (a malformed one answers like an unknown team), the caller's role checked against what
// the action needs, and bodies read under the team size limit and checked by schema.
import type { z } from 'zod';
import { MAX_TEAM_BODY_BYTES, type TeamRole } from '../../../../src/lib/protocol/teams.ts';
import { requireSession, type AuthContext } from '../auth/authContext.ts';
import type { UserRow } from '../db/schema.ts';
import { HttpError } from '../errors.ts';
import { readJsonBody } from '../requestBody.ts';
import { requireWorkspaceRole } from './membership.ts';

const ID_PATTERN = /^[a-z2-7]{16,64}$/;

export interface TeamRequest {
	user: UserRow;
	teamId: string;
	role: TeamRole;
}

/** Signed in, a member of the path's team, with at least `minimum` role (404 / 403 otherwise). */
export async function teamRequest(c: AuthContext, minimum: TeamRole, action?: string): Promise<TeamRequest> {
	const { user } = requireSession(c);
	const teamId = pathId(c, 'id');
	const role = await requireWorkspaceRole(c.env.DB, user.id, teamId, minimum, action);
	return { user, teamId, role };
}

/** A random id from the path; anything that cannot be one is a 404, like an unknown id. */
export function pathId(c: AuthContext, name: string): string {
	const value = c.req.param(name);
	if (value === undefined || !ID_PATTERN.test(value)) throw new HttpError('not_found', 'No such team, or you are not a member of it.');
	return value;
}

export async function readTeamBody<T extends z.ZodType>(request: Request, schema: T): Promise<z.output<T>> {
	if (request.body === null) throw new HttpError('invalid_request', 'The request has no body: send it as a JSON object.');
	const result = schema.safeParse(await readJsonBody(request, MAX_TEAM_BODY_BYTES));
	if (result.success) return result.data;
	throw new HttpError('invalid_request', result.error.issues[0]?.message ?? 'The request does not match what this endpoint takes.');
}
