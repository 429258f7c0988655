export * from './common.js';
export * from './auth.js';
export * from './org.js';
export * from './hazard.js';
export * from './notification.js';
export * from './inspection.js';
export * from './campaign.js';
export * from './report.js';
