/**
 * What the registries offer every registry feature: opening a hazard from a record (once per
 * cause), reminding the school of an expiry, the hazards a record opened, and the sweep's type.
 */
export { openRegistryHazard, registryHazardsOf, remindRegistry, watchContext, type RegistryHazardInput, type RegistrySweep } from './registry.service.js';
export type { RegistryHazardLink } from './registry.repository.js';
