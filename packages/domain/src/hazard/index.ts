export * from './hazard.types.js';
export * from './deadline.js';
export * from './hazard.table.js';
export * from './hazard.machine.js';
export * from './ledger-import.js';
export * from './hazard.steps.js';
export * from './next-step.js';
