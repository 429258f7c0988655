export * from './risk-rules.js';
