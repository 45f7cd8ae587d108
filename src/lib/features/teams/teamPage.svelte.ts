// One team's page state: its detail (members, the caller's role) loaded from the edge,
// reloaded after every change, and what the caller's role lets the page offer.
import type { TeamDetailResponse, TeamRole } from '$lib/protocol/teams.ts';
import { failureMessage } from '$lib/features/account/accountCall.ts';
import { teamsApi } from './teamsApi.ts';

export class TeamPage {
	detail = $state<TeamDetailResponse | null>(null);
	loadError = $state('');
	readonly id: string;

	constructor(id: string) {
		this.id = id;
	}

	get role(): TeamRole | undefined {
		return this.detail?.team.role;
	}

	get canAdmin(): boolean {
		return this.role === 'owner' || this.role === 'admin';
	}

	/** Reads the detail (again). Until a first answer the page shows "Loading the team…", also on Try again after a failure. */
	async load(): Promise<void> {
		this.loadError = '';
		try {
			this.detail = await teamsApi.detail(this.id);
		} catch (error) {
			this.loadError = failureMessage(error);
		}
	}
}

export const ROLE_LABEL: Record<TeamRole, string> = { owner: 'Owner', admin: 'Admin', member: 'Member' };
