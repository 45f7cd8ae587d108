// The admin user list: the search, the page shown, and changes applied row by row.
import type { AdminUser, AdminUserUpdate } from '$lib/protocol/admin.ts';
import { AccountError } from '../account/accountCall.ts';
import { adminApi } from './adminApi.ts';

export const PAGE_SIZE = 20;

export class AdminUsersState {
	query = $state('');
	page = $state(1);
	users = $state<AdminUser[] | null>(null);
	total = $state(0);
	loading = $state(false);
	error = $state('');
	/** The server refused: this account is not (or no longer) an admin. */
	forbidden = $state(false);
	/** Row id → the error its last change met. */
	rowErrors = $state<Record<string, string>>({});
	/** Row ids with a change in flight. */
	saving = $state<Record<string, boolean>>({});
	#request = 0;

	get pages(): number {
		return Math.max(1, Math.ceil(this.total / PAGE_SIZE));
	}

	async load(page = this.page): Promise<void> {
		const request = ++this.#request;
		this.loading = true;
		this.error = '';
		try {
			const answer = await adminApi.users(this.query.trim(), page, PAGE_SIZE);
			if (request !== this.#request) return;
			this.users = answer.users;
			this.total = answer.total;
			this.page = answer.page;
		} catch (error) {
			if (request !== this.#request) return;
			this.forbidden = error instanceof AccountError && (error.code === 'forbidden' || error.code === 'unauthorized');
			this.error = message(error);
		} finally {
			if (request === this.#request) this.loading = false;
		}
	}

	/** Applies a change to one user; the row shows what the server answered. */
	async change(user: AdminUser, change: AdminUserUpdate): Promise<void> {
		this.saving[user.id] = true;
		delete this.rowErrors[user.id];
		try {
			const updated = await adminApi.update(user.id, change);
			this.users = this.users?.map((row) => (row.id === updated.id ? updated : row)) ?? null;
		} catch (error) {
			this.rowErrors[user.id] = message(error);
		} finally {
			delete this.saving[user.id];
		}
	}
}

function message(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
