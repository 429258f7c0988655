export * from './assessment-rules.js';
