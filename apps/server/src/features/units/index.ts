/** What other features use of units: the district's root, one unit by id, a school in scope and the school of a unit. */
export { districtRootId, findSchoolInScope, findSchoolOfUnit, findUnitById } from './unit.repository.js';
