/** What other features use of units: the district's root, one unit by id, a school in scope and the school of a unit, a school's admins. */
export { districtRootId, findSchoolAdminIds, findSchoolInScope, findSchoolOfUnit, findUnitById } from './unit.repository.js';
