/** What other features use of checklists: the built-in checklists installed for a new district. */
export { installBuiltinChecklists } from './checklist.repository.js';
