import { describe, expect, it } from 'vitest';
import { keys } from './keys';

/** TanStack Query matches an invalidation by key prefix. */
const startsWith = (key: readonly unknown[], prefix: readonly unknown[]) => prefix.every((p, i) => JSON.stringify(key[i]) === JSON.stringify(p));

describe('query-key factory', () => {
  it('puts every key of a resource under its `all`, so one invalidation refreshes lists, counts and details', () => {
    const f = { state: ['reported'] };
    for (const k of [keys.hazards.list(f, 1, 20), keys.hazards.count(f), keys.hazards.detail('7')]) expect(startsWith(k, keys.hazards.all)).toBe(true);
    for (const k of [keys.units.list({}), keys.units.page({ page: 1 }), keys.units.detail('3')]) expect(startsWith(k, keys.units.all)).toBe(true);
    for (const k of [keys.campaigns.list(), keys.campaigns.detail('1'), keys.campaigns.overview('1')]) expect(startsWith(k, keys.campaigns.all)).toBe(true);
    for (const k of [keys.points.list({}), keys.points.checkForm('2'), keys.points.byToken('t')]) expect(startsWith(k, keys.points.all)).toBe(true);
    expect(startsWith(keys.home.summary(), keys.home.all)).toBe(true);
  });

  it('keeps a saved hazard\'s detail out of the lists\' prefix (the save puts the detail in the cache itself)', () => {
    expect(startsWith(keys.hazards.count({}), keys.hazards.lists())).toBe(true);
    expect(startsWith(keys.hazards.list({}, 1, 20), keys.hazards.lists())).toBe(true);
    expect(startsWith(keys.hazards.detail('7'), keys.hazards.lists())).toBe(false);
    // The hazard action modal refreshes "every hazard key but details" by the second element.
    expect(keys.hazards.detail('7')[1]).toBe('detail');
  });

  it('refreshes a campaign\'s overview with the campaign, and keeps resources apart', () => {
    expect(startsWith(keys.campaigns.overview('1'), keys.campaigns.detail('1'))).toBe(true);
    expect(startsWith(keys.inspections.list({}), keys.points.all)).toBe(false);
    expect(startsWith(keys.tasks.mine(), keys.campaigns.all)).toBe(false);
  });

  it('tells filters apart: two filters never share a cached answer', () => {
    expect(keys.units.list({ kind: 'school' })).not.toEqual(keys.units.list({ kind: 'area' }));
    expect(keys.hazards.list({}, 1, 20)).not.toEqual(keys.hazards.list({}, 2, 20));
  });
});
