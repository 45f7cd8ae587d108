// Accounts created through an OAuth provider have no password until the owner sets one by
// the emailed reset link. The column stays NOT NULL (changing that in SQLite rebuilds the
// users table), so an empty string, which no PHC hash can equal, marks "no password".
import type { UserRow } from '../db/schema.ts';

export const NO_PASSWORD = '';

export function hasPassword(user: Pick<UserRow, 'passwordHash'>): boolean {
	return user.passwordHash !== NO_PASSWORD;
}
