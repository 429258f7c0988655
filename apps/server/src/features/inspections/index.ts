/** What other features use of inspections: the checks recorded during a supervision visit. */
export { findVisitInspections } from './inspection.repository.js';
export { weeklyRollup } from './schedule.service.js';
