// Wire shapes for teams and workspaces (decision 0011), shared by the app and the edge:
// request bodies (validated on both sides, so the form and the server give the same
// sentence) and responses. A workspace is where rooms and templates belong: every user
// has a personal one (its id is the user's id) and every team is a shared one (its id is
// the team's id).
import { z } from 'zod';
import { emailSchema } from './auth.ts';
import { templateSchema } from './templates.ts';

export const TEAM_ROLES = ['owner', 'admin', 'member'] as const;
export const teamRoleSchema = z.enum(TEAM_ROLES, { error: 'Choose a role: owner, admin or member.' });
export type TeamRole = z.infer<typeof teamRoleSchema>;
export type WorkspaceRole = TeamRole;

/** Higher ranks may do everything lower ranks may. */
export const ROLE_RANK: Record<TeamRole, number> = { member: 0, admin: 1, owner: 2 };

export const TEAM_NAME_MAX = 60;
/** Teams one account may own: plenty for people, a bound for scripts. */
export const MAX_OWNED_TEAMS = 20;
/** Largest team request body the edge accepts, in bytes (a template's prompt fits). */
export const MAX_TEAM_BODY_BYTES = 64 * 1024;
/** Team templates are a short shared list, not a store. */
export const MAX_TEAM_TEMPLATES = 100;
/** Rooms one team workspace holds (decision 0019). */
export const MAX_TEAM_ROOMS = 200;
export const INVITE_LINK_MAX_DAYS = 365;
export const EMAIL_INVITE_TTL_DAYS = 7;

const bodyObject = <T extends z.ZodRawShape>(shape: T) => z.object(shape, { error: 'Send the request as a JSON object.' });

export const teamNameSchema = z
	.string({ error: 'Give the team a name.' })
	.trim()
	.min(1, { error: 'Give the team a name.' })
	.max(TEAM_NAME_MAX, { error: `Keep the team name to ${TEAM_NAME_MAX} characters or fewer.` })
	// Control characters would reach other members' screens and emails.
	.regex(/^[^\p{Cc}]*$/u, { error: 'A team name cannot contain control characters.' });

export const createTeamRequestSchema = bodyObject({ name: teamNameSchema });
export type CreateTeamRequest = z.infer<typeof createTeamRequestSchema>;

export const changeRoleRequestSchema = bodyObject({ role: teamRoleSchema });
export type ChangeRoleRequest = z.infer<typeof changeRoleRequestSchema>;

export const TEAM_INVITE_KINDS = ['email', 'link'] as const;
export type TeamInviteKind = (typeof TEAM_INVITE_KINDS)[number];

export const createInviteRequestSchema = z.discriminatedUnion(
	'kind',
	[
		bodyObject({ kind: z.literal('email'), email: emailSchema, role: teamRoleSchema }),
		bodyObject({
			kind: z.literal('link'),
			role: teamRoleSchema,
			/** Null: the link works until revoked. */
			expiresInDays: z
				.number({ error: 'Choose how many days the link works, or no expiry.' })
				.int({ error: 'Choose a whole number of days.' })
				.min(1, { error: 'A link must work for at least 1 day.' })
				.max(INVITE_LINK_MAX_DAYS, { error: `A link can work for at most ${INVITE_LINK_MAX_DAYS} days.` })
				.nullable()
		})
	],
	{ error: 'Choose how to invite: by email or by link.' }
);
export type CreateInviteRequest = z.infer<typeof createInviteRequestSchema>;

/** Invite tokens are `<id>.<secret>`, both lower-case base32, like every emailed link. */
export const inviteTokenSchema = z
	.string({ error: 'This invite link is incomplete: open it again from where you got it.' })
	.regex(/^[a-z2-7]{16,64}\.[a-z2-7]{16,64}$/, { error: 'This invite link is incomplete: open it again from where you got it.' });
export const inviteTokenRequestSchema = bodyObject({ token: inviteTokenSchema });
export type InviteTokenRequest = z.infer<typeof inviteTokenRequestSchema>;

/** A template shared in a team: the fields of a local one, minus the id the edge assigns. */
export const teamTemplateInputSchema = templateSchema.omit({ id: true });
export type TeamTemplateInput = z.infer<typeof teamTemplateInputSchema>;
export const teamTemplateRequestSchema = bodyObject(teamTemplateInputSchema.shape);

export const teamSchema = z.object({ id: z.string(), name: z.string(), createdAt: z.string() });
export type Team = z.infer<typeof teamSchema>;

/** A team as one member sees it in a list. */
export const teamSummarySchema = teamSchema.extend({ role: teamRoleSchema, memberCount: z.number().int() });
export type TeamSummary = z.infer<typeof teamSummarySchema>;

export const teamMemberSchema = z.object({ userId: z.string(), email: z.string(), role: teamRoleSchema, joinedAt: z.string() });
export type TeamMember = z.infer<typeof teamMemberSchema>;

export const teamInviteSchema = z.object({
	id: z.string(),
	kind: z.enum(TEAM_INVITE_KINDS),
	email: z.string().nullable(),
	role: teamRoleSchema,
	createdAt: z.string(),
	expiresAt: z.string().nullable(),
	uses: z.number().int()
});
export type TeamInvite = z.infer<typeof teamInviteSchema>;

export const teamTemplateSchema = templateSchema.extend({ teamId: z.string(), updatedAt: z.string() });
export type TeamTemplate = z.infer<typeof teamTemplateSchema>;

export const teamsResponseSchema = z.object({ teams: z.array(teamSummarySchema) });
export const teamResponseSchema = z.object({ team: teamSummarySchema });
export const teamDetailResponseSchema = z.object({ team: teamSummarySchema, members: z.array(teamMemberSchema) });
export type TeamDetailResponse = z.infer<typeof teamDetailResponseSchema>;
export const teamInvitesResponseSchema = z.object({ invites: z.array(teamInviteSchema) });
/** A new invite. `url` is shown this once for links (only a hash of the token is kept); null for email invites. */
export const createdInviteResponseSchema = z.object({ invite: teamInviteSchema, url: z.string().nullable() });
export type CreatedInviteResponse = z.infer<typeof createdInviteResponseSchema>;
export const teamTemplatesResponseSchema = z.object({ templates: z.array(teamTemplateSchema) });
export const teamTemplateResponseSchema = z.object({ template: teamTemplateSchema });

/** What an invite grants, shown before accepting. `email` is masked (e.g. `a…@example.com`). */
export const invitePreviewResponseSchema = z.object({
	teamName: z.string(),
	role: teamRoleSchema,
	kind: z.enum(TEAM_INVITE_KINDS),
	email: z.string().nullable()
});
export type InvitePreview = z.infer<typeof invitePreviewResponseSchema>;

/** Accepting: the team now joined (or already a member of: accepting twice changes nothing). */
export const acceptInviteResponseSchema = z.object({ team: teamSummarySchema, alreadyMember: z.boolean() });
export type AcceptInviteResponse = z.infer<typeof acceptInviteResponseSchema>;

/** One UTC day of a team's use of server-held models, summed over its current members. */
export const teamUsageDaySchema = z.object({
	day: z.string(),
	requests: z.number().int(),
	inputTokens: z.number().int(),
	outputTokens: z.number().int()
});
export type TeamUsageDay = z.infer<typeof teamUsageDaySchema>;
export const teamUsageResponseSchema = z.object({ days: z.array(teamUsageDaySchema) });
export type TeamUsageResponse = z.infer<typeof teamUsageResponseSchema>;

/** A room in a workspace's list (decision 0019), with who shared it. */
export const workspaceRoomSchema = z.object({
	id: z.string(),
	title: z.string(),
	createdAt: z.string(),
	creator: z.object({ userId: z.string(), email: z.string() })
});
export type WorkspaceRoom = z.infer<typeof workspaceRoomSchema>;
export const teamRoomsResponseSchema = z.object({ rooms: z.array(workspaceRoomSchema) });

export const workspaceSchema = z.object({
	id: z.string(),
	kind: z.enum(['personal', 'team']),
	name: z.string(),
	role: teamRoleSchema,
	/** Templates shared in the workspace (a personal workspace's templates live in the browser). */
	templates: z.array(teamTemplateSchema),
	/** Rooms in the workspace, newest first: a team's are open to all its members. */
	rooms: z.array(workspaceRoomSchema)
});
export type Workspace = z.infer<typeof workspaceSchema>;
export const workspacesResponseSchema = z.object({ workspaces: z.array(workspaceSchema) });
export type WorkspacesResponse = z.infer<typeof workspacesResponseSchema>;
