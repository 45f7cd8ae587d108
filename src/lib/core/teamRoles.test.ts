import { describe, expect, it } from 'vitest';
import { inviteProblem, removalProblem, roleChangeProblem } from './teamRoles.ts';

const owner = { userId: 'o', role: 'owner' } as const;
const admin = { userId: 'a', role: 'admin' } as const;
const member = { userId: 'm', role: 'member' } as const;
const otherAdmin = { userId: 'a2', role: 'admin' } as const;

describe('team role policy', () => {
	it('owners may give anyone any role; admins only members, up to admin; members nobody', () => {
		expect(roleChangeProblem(owner, admin, 'owner')).toBeUndefined();
		expect(roleChangeProblem(owner, member, 'admin')).toBeUndefined();
		expect(roleChangeProblem(admin, member, 'admin')).toBeUndefined();
		expect(roleChangeProblem(admin, member, 'owner')).toMatch(/Only an owner can make someone an owner/);
		expect(roleChangeProblem(admin, otherAdmin, 'member')).toMatch(/Only an owner/);
		expect(roleChangeProblem(admin, owner, 'member')).toMatch(/Only an owner/);
		expect(roleChangeProblem(member, { userId: 'm2', role: 'member' }, 'admin')).toMatch(/admin or owner/);
	});

	it('anyone may lower their own role, nobody may raise it', () => {
		expect(roleChangeProblem(admin, admin, 'member')).toBeUndefined();
		expect(roleChangeProblem(owner, owner, 'admin')).toBeUndefined();
		expect(roleChangeProblem(member, member, 'admin')).toMatch(/cannot raise your own role/);
		expect(roleChangeProblem(admin, admin, 'owner')).toMatch(/cannot raise your own role/);
	});

	it('removal follows the same ranks, and anyone may remove themselves', () => {
		expect(removalProblem(owner, admin)).toBeUndefined();
		expect(removalProblem(admin, member)).toBeUndefined();
		expect(removalProblem(admin, otherAdmin)).toMatch(/Only an owner/);
		expect(removalProblem(member, admin)).toMatch(/admin or owner/);
		expect(removalProblem(member, member)).toBeUndefined();
	});

	it('invites grant at most the inviter’s role', () => {
		expect(inviteProblem('owner', 'owner')).toBeUndefined();
		expect(inviteProblem('admin', 'admin')).toBeUndefined();
		expect(inviteProblem('admin', 'owner')).toMatch(/Only an owner/);
		expect(inviteProblem('member', 'member')).toMatch(/admin or owner/);
	});
});
