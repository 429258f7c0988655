import type { ScopeFeature } from './types.js';

/** The notices feature's part of the scope matrix (resources its :id routes name, bodies of its writes). */
export const noticesScope: ScopeFeature = {};
