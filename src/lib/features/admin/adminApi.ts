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
import { call } from '../account/accountCall.ts';

export const adminApi = {
	users: (q: string, page: number, pageSize: number): Promise<AdminUsersResponse> =>
		call(`/api/admin/users?${new URLSearchParams({ q, page: String(page), pageSize: String(pageSize) })}`, {}, adminUsersResponseSchema),
	update: async (id: string, change: AdminUserUpdate): Promise<AdminUser> =>
		(await call(`/api/admin/users/${encodeURIComponent(id)}`, { method: 'PATCH', body: JSON.stringify(change) }, adminUserResponseSchema)).user,
	totals: (): Promise<AdminTotalsResponse> => call('/api/admin/usage', {}, adminTotalsResponseSchema)
};
