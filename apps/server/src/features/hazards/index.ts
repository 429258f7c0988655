/**
 * What other features use of the hazard ledger: registering a hazard inside their own
 * transaction (a failed check item, a visit finding), reading its detail, and the unit a
 * hazard may be reported for.
 */
export { getHazardDetail, listHazardInTransaction, registerHazard } from './hazard.service.js';
export { findReportableUnit } from './hazard.repository.js';
export { findHazardById } from './hazard.repository.js';
