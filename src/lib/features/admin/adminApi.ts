// The admin page's calls to /api/admin, each answer checked against the shared protocol.
import {
	adminTotalsResponseSchema,
	adminUserResponseSchema,
	adminUsersResponseSchema,
	type AdminTotalsResponse,
	type AdminUser,
	type AdminUsersResponse,
	type AdminUserUpdate
} from '$lib/protocol/admin.ts';
import { edgeJson } from '../usage/edgeJson.ts';

export const adminApi = {
	users: (q: string, page: number, pageSize: number): Promise<AdminUsersResponse> =>
		edgeJson(`/api/admin/users?${new URLSearchParams({ q, page: String(page), pageSize: String(pageSize) })}`, adminUsersResponseSchema),
	update: async (id: string, change: AdminUserUpdate): Promise<AdminUser> =>
		(await edgeJson(`/api/admin/users/${encodeURIComponent(id)}`, adminUserResponseSchema, { method: 'PATCH', body: JSON.stringify(change) })).user,
	totals: (): Promise<AdminTotalsResponse> => edgeJson('/api/admin/usage', adminTotalsResponseSchema)
};
