export * from './inspection.types.js';
export * from './schedule.js';
export * from './answers.js';
export * from './library.js';
