// /api/teams/:id/templates: the templates a team shares. Every member reads them (the app
// caches them for offline use); admins and owners add, change and delete them.
import { Hono } from 'hono';
import { MAX_TEAM_TEMPLATES, teamTemplateRequestSchema } from '../../../../src/lib/protocol/teams.ts';
import type { AuthHono } from '../auth/authContext.ts';
import { HttpError } from '../errors.ts';
import { pathId, readTeamBody, teamRequest } from '../teams/teamRequest.ts';
import { addTeamTemplate, countTeamTemplates, deleteTeamTemplate, listTeamTemplates, updateTeamTemplate } from '../teams/teamTemplates.ts';

const noSuchTemplate = () => new HttpError('not_found', 'No such template in this team: it may have been deleted.');

export const teamTemplateRoutes = new Hono<AuthHono>()
	.get('/', async (c) => {
		const { teamId } = await teamRequest(c, 'member');
		return c.json({ templates: await listTeamTemplates(c.env.DB, [teamId]) });
	})
	.post('/', async (c) => {
		const { user, teamId } = await teamRequest(c, 'admin', 'add team templates');
		const input = await readTeamBody(c.req.raw, teamTemplateRequestSchema);
		if ((await countTeamTemplates(c.env.DB, teamId)) >= MAX_TEAM_TEMPLATES) {
			throw new HttpError('invalid_request', `A team can share at most ${MAX_TEAM_TEMPLATES} templates: delete one first.`, { status: 409 });
		}
		return c.json({ template: await addTeamTemplate(c.env.DB, teamId, user.id, input) }, 201);
	})
	.put('/:templateId', async (c) => {
		const { user, teamId } = await teamRequest(c, 'admin', 'change team templates');
		const input = await readTeamBody(c.req.raw, teamTemplateRequestSchema);
		const template = await updateTeamTemplate(c.env.DB, teamId, pathId(c, 'templateId'), user.id, input);
		if (!template) throw noSuchTemplate();
		return c.json({ template });
	})
	.delete('/:templateId', async (c) => {
		const { teamId } = await teamRequest(c, 'admin', 'delete team templates');
		if (!(await deleteTeamTemplate(c.env.DB, teamId, pathId(c, 'templateId')))) throw noSuchTemplate();
		return c.body(null, 204);
	});
