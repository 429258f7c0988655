/** What other features use of the guards feature: each school's security facts (the four 100 % indicators read them). */
export { schoolSecurityFacts, type SchoolFacts } from './security-profile.service.js';
