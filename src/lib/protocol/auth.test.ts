import { describe, expect, it } from 'vitest';
import { emailSchema, passwordProblem, resetPasswordRequestSchema, signInRequestSchema, signUpRequestSchema } from './auth.ts';

describe('password rule', () => {
	it('accepts long, uncommon passwords and passphrases in any script', () => {
		expect(passwordProblem('correct horse battery staple')).toBeUndefined();
		expect(passwordProblem('пароль-для-атриума')).toBeUndefined();
		expect(passwordProblem('🦊🦊🐻🐼🐨🦁🐯🐮🐷🐸')).toBeUndefined();
	});

	it('counts characters, not UTF-16 units', () => {
		expect(passwordProblem('🦊🐻🐼🐨🦁🐯🐮🐷🐸')).toBe('Use at least 10 characters for your password.');
	});

	it('refuses short, common, repetitive and email-containing passwords', () => {
		expect(passwordProblem('short')).toBe('Use at least 10 characters for your password.');
		expect(passwordProblem('x'.repeat(257))).toBe('Use at most 256 characters for your password.');
		expect(passwordProblem('Password123')).toBe('This password is one of the first an attacker would try: choose another.');
		expect(passwordProblem('abababababab')).toBe('This password is one of the first an attacker would try: choose another.');
		expect(passwordProblem('Jane.Doe-2026!', 'jane.doe@example.com')).toBe('Your password must not contain your email address.');
		expect(passwordProblem('i am jo and more', 'jo@example.com')).toBeUndefined();
	});
});

describe('account request schemas', () => {
	it('normalizes email addresses and refuses malformed ones', () => {
		expect(emailSchema.parse('  Ann@Example.COM ')).toBe('ann@example.com');
		expect(emailSchema.safeParse('ann@').error?.issues[0]?.message).toBe('Enter a valid email address, like name@example.com.');
		expect(emailSchema.safeParse(`${'a'.repeat(250)}@b.co`).error?.issues[0]?.message).toBe('An email address has at most 254 characters.');
	});

	it('applies the whole rule at sign-up, but only a length cap at sign-in', () => {
		const signUp = signUpRequestSchema.safeParse({ email: 'maria@example.com', password: 'maria-rocks-2026' });
		expect(signUp.error?.issues).toEqual([expect.objectContaining({ path: ['password'], message: 'Your password must not contain your email address.' })]);
		expect(signInRequestSchema.safeParse({ email: 'maria@example.com', password: 'short' }).success).toBe(true);
	});

	it('takes only well-formed link tokens', () => {
		expect(resetPasswordRequestSchema.safeParse({ token: 'abc', password: 'long enough password' }).error?.issues[0]?.message).toBe(
			'This link is incomplete: open it from the email again.'
		);
	});
});
