/** What other features use of supervision teams: one team as the caller may see it. */
export { getTeam } from './team.service.js';
