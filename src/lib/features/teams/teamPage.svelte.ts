// One team's page state: its detail (members, the caller's role) loaded from the edge,
// reloaded after every change, and what the caller's role lets the page offer.
import type { TeamDetailResponse, TeamRole } from '$lib/protocol/teams.ts';
import { failureMessage } from '$lib/features/account/accountCall.ts';
import { teamsApi } from './teamsApi.ts';

export class TeamPage {
	detail = $state<TeamDetailResponse | null>(null);
	loadError = $state('');
	loading = $state(true);
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

	async load(): Promise<void> {
		this.loading = true;
		try {
			this.detail = await teamsApi.detail(this.id);
			this.loadError = '';
		} catch (error) {
			this.loadError = failureMessage(error);
		} finally {
			this.loading = false;
		}
	}
}

export const ROLE_LABEL: Record<TeamRole, string> = { owner: 'Owner', admin: 'Admin', member: 'Member' };
