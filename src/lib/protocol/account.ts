// Wire shapes for account settings (decision 0009), shared by the app and the edge: the
// profile, changing the email address, exporting and deleting the account. Messages are
// sentences the forms show as they are.
import { z } from 'zod';
import { emailSchema, linkTokenSchema, PASSWORD_MAX_LENGTH } from './auth.ts';

export const DISPLAY_NAME_MAX_LENGTH = 80;

const bodyObject = <T extends z.ZodRawShape>(shape: T) => z.strictObject(shape, { error: 'Send the request as a JSON object with only the expected fields.' });

/** A display name: trimmed, at most 80 characters, no control characters; empty clears it. */
export const displayNameSchema = z
	.string({ error: 'Enter a display name (or leave it empty to remove it).' })
	.trim()
	.max(DISPLAY_NAME_MAX_LENGTH, { error: `A display name has at most ${DISPLAY_NAME_MAX_LENGTH} characters.` })
	// eslint-disable-next-line no-control-regex -- control characters are what this refuses
	.refine((name) => !/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(name), { error: 'A display name cannot contain line breaks or control characters.' });

export const profileUpdateSchema = bodyObject({ displayName: displayNameSchema });
export type ProfileUpdate = z.infer<typeof profileUpdateSchema>;

export const profileResponseSchema = z.object({ displayName: z.string().nullable() });
export type ProfileResponse = z.infer<typeof profileResponseSchema>;

const confirmingPassword = z
	.string({ error: 'Enter your current password.' })
	.min(1, { error: 'Enter your current password.' })
	.max(PASSWORD_MAX_LENGTH, { error: `A password has at most ${PASSWORD_MAX_LENGTH} characters.` });

/** Changing the address: the new one, and the password when the account has one. */
export const changeEmailRequestSchema = bodyObject({ newEmail: emailSchema, password: confirmingPassword.optional() });
export type ChangeEmailRequest = z.infer<typeof changeEmailRequestSchema>;

export const confirmEmailChangeSchema = bodyObject({ token: linkTokenSchema });
export type ConfirmEmailChange = z.infer<typeof confirmEmailChangeSchema>;

/**
 * Deleting the account: the password when it has one, otherwise the account's address
 * typed out, as the confirmation that this is meant.
 */
export const deleteAccountRequestSchema = bodyObject({ password: confirmingPassword.optional(), email: z.string().max(254).optional() });
export type DeleteAccountRequest = z.infer<typeof deleteAccountRequestSchema>;

/** `GET /api/account/export`: everything the edge holds about the account, by section. */
export const accountExportSchema = z.object({
	format: z.literal('atrium-account-export'),
	version: z.literal(1),
	exportedAt: z.string(),
	/** One entry per section: what it holds, in words. */
	sections: z.record(z.string(), z.string()),
	data: z.record(z.string(), z.unknown())
});
export type AccountExport = z.infer<typeof accountExportSchema>;
