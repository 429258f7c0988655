export * from './roles.js';
export * from './unit.js';
export * from './scope.js';
export * from './policy.js';
export * from './password-policy.js';
export * from './hazard/index.js';
export * from './inspection/index.js';
export * from './campaign/index.js';
