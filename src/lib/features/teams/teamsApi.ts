// The app's calls to the edge's team and workspace API. Answers are checked against the
// shared protocol; failures are AccountErrors whose message can be shown as it is.
import { call } from '$lib/features/account/accountCall.ts';
import {
	acceptInviteResponseSchema,
	createdInviteResponseSchema,
	invitePreviewResponseSchema,
	teamDetailResponseSchema,
	teamInvitesResponseSchema,
	teamResponseSchema,
	teamRoomsResponseSchema,
	teamsResponseSchema,
	teamTemplateResponseSchema,
	teamTemplatesResponseSchema,
	teamUsageResponseSchema,
	workspacesResponseSchema,
	type AcceptInviteResponse,
	type CreatedInviteResponse,
	type CreateInviteRequest,
	type InvitePreview,
	type TeamDetailResponse,
	type TeamInvite,
	type TeamRole,
	type TeamSummary,
	type TeamTemplate,
	type TeamTemplateInput,
	type TeamUsageDay,
	type Workspace,
	type WorkspaceRoom
} from '$lib/protocol/teams.ts';

const json = (method: string, body: unknown): RequestInit => ({ method, body: JSON.stringify(body) });
const team = (id: string) => `/api/teams/${encodeURIComponent(id)}`;

export const teamsApi = {
	list: async (): Promise<TeamSummary[]> => (await call('/api/teams', {}, teamsResponseSchema)).teams,
	create: async (name: string): Promise<TeamSummary> => (await call('/api/teams', json('POST', { name }), teamResponseSchema)).team,
	detail: (id: string): Promise<TeamDetailResponse> => call(team(id), {}, teamDetailResponseSchema),
	remove: (id: string): Promise<void> => call(team(id), { method: 'DELETE' }, null),
	leave: (id: string): Promise<void> => call(`${team(id)}/leave`, { method: 'POST' }, null),
	changeRole: (id: string, userId: string, role: TeamRole): Promise<TeamDetailResponse> =>
		call(`${team(id)}/members/${encodeURIComponent(userId)}`, json('PATCH', { role }), teamDetailResponseSchema),
	removeMember: (id: string, userId: string): Promise<void> => call(`${team(id)}/members/${encodeURIComponent(userId)}`, { method: 'DELETE' }, null),
	invites: async (id: string): Promise<TeamInvite[]> => (await call(`${team(id)}/invites`, {}, teamInvitesResponseSchema)).invites,
	invite: (id: string, body: CreateInviteRequest): Promise<CreatedInviteResponse> => call(`${team(id)}/invites`, json('POST', body), createdInviteResponseSchema),
	revokeInvite: (id: string, inviteId: string): Promise<void> => call(`${team(id)}/invites/${encodeURIComponent(inviteId)}`, { method: 'DELETE' }, null),
	templates: async (id: string): Promise<TeamTemplate[]> => (await call(`${team(id)}/templates`, {}, teamTemplatesResponseSchema)).templates,
	addTemplate: async (id: string, body: TeamTemplateInput): Promise<TeamTemplate> =>
		(await call(`${team(id)}/templates`, json('POST', body), teamTemplateResponseSchema)).template,
	updateTemplate: async (id: string, templateId: string, body: TeamTemplateInput): Promise<TeamTemplate> =>
		(await call(`${team(id)}/templates/${encodeURIComponent(templateId)}`, json('PUT', body), teamTemplateResponseSchema)).template,
	deleteTemplate: (id: string, templateId: string): Promise<void> =>
		call(`${team(id)}/templates/${encodeURIComponent(templateId)}`, { method: 'DELETE' }, null),
	rooms: async (id: string): Promise<WorkspaceRoom[]> => (await call(`${team(id)}/rooms`, {}, teamRoomsResponseSchema)).rooms,
	usage: async (id: string): Promise<TeamUsageDay[]> => (await call(`${team(id)}/usage`, {}, teamUsageResponseSchema)).days,
	previewInvite: (token: string): Promise<InvitePreview> => call('/api/invites/preview', json('POST', { token }), invitePreviewResponseSchema),
	acceptInvite: (token: string): Promise<AcceptInviteResponse> => call('/api/invites/accept', json('POST', { token }), acceptInviteResponseSchema),
	workspaces: async (): Promise<Workspace[]> => (await call('/api/workspaces', {}, workspacesResponseSchema)).workspaces
};
