export * from './plan.types.js';
export * from './dates.js';
export * from './numbering.js';
export { parsePlan, findLeads, splitUnits, splitTopLevel, domainsIn, normalizeText } from './parse-plan.js';
export * from './evaluate.js';
export * from './campaign-rules.js';
export * from './plan-intake.js';
