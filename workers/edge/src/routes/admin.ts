// /api/admin: admins list and search users, change a tier, disable or enable an account,
// and read usage totals. Every write passes the same-origin check (CSRF) and answers with
// the changed row; an admin cannot disable or demote their own account (nobody would be
// left to undo it).
import { Hono } from 'hono';
import {
	adminUsersQuerySchema,
	adminUserUpdateSchema,
	type AdminTotalsResponse,
	type AdminUserResponse,
	type AdminUsersResponse
} from '../../../../src/lib/protocol/admin.ts';
import { readAuthBody } from '../auth/authBody.ts';
import { requireSession, withSession, type AuthHono } from '../auth/authContext.ts';
import { requireSameOrigin } from '../auth/sameOrigin.ts';
import { HttpError } from '../errors.ts';
import { parsePathId } from '../pathIds.ts';
import { countUsers, searchUsers, updateUser } from '../quota/adminUsers.ts';
import { parseQuery } from '../quota/parseQuery.ts';
import { requireAdmin } from '../quota/requireFeature.ts';
import { overallTotals } from '../quota/usageQueries.ts';

export const adminRoutes = new Hono<AuthHono>()
	.use(requireSameOrigin(), withSession(), requireAdmin(), async (c, next) => {
		await next();
		c.header('Cache-Control', 'private, no-store');
	})
	.get('/users', async (c) => {
		const query = parseQuery(adminUsersQuerySchema, c.req.query());
		return c.json((await searchUsers(c.env.DB, query)) satisfies AdminUsersResponse);
	})
	.patch('/users/:id', async (c) => {
		const { user: admin } = requireSession(c);
		const id = parsePathId(c.req.param('id'), 'user');
		const change = await readAuthBody(c.req.raw, adminUserUpdateSchema);
		if (id === admin.id && (change.disabled === true || (change.tier !== undefined && change.tier !== 'admin'))) {
			throw new HttpError('forbidden', 'You cannot disable your own account or remove your own admin tier: ask another admin.');
		}
		const user = await updateUser(c.env, id, change);
		if (!user) throw new HttpError('not_found', 'No such user: the account may have been deleted.');
		return c.json({ user } satisfies AdminUserResponse);
	})
	.get('/usage', async (c) => {
		const [users, totals] = await Promise.all([countUsers(c.env.DB), overallTotals(c.env.DB)]);
		return c.json({ users, ...totals } satisfies AdminTotalsResponse);
	});
