export * from './report-rules.js';
export * from './submission.js';
export * from './template.js';
export * from './completeness.js';
export * from './from-campaign.js';
