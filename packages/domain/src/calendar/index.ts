export * from './calendar-date.js';
export * from './cadence.js';
export * from './period.js';
export * from './due.js';
