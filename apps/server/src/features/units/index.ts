/** What other features use of units: the district's root and one unit by id. */
export { districtRootId, findUnitById } from './unit.repository.js';
