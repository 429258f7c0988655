import type { ScopeFeature } from './types.js';

/** The talks feature's part of the scope matrix (resources its :id routes name, bodies of its writes). */
export const talksScope: ScopeFeature = {};
