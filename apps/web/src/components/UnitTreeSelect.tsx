import { useMemo } from 'react';
import { TreeSelect } from 'antd';
import { UNIT_KIND_LABELS } from '@xiaoan/domain';
import { useAllUnits } from '../api/queries';
import type { Unit } from '../api/types';
import { buildUnitTree, type UnitNode } from '../lib/tree';

type TreeSelectNode = { value: string; title: string; selectable: boolean; disabled?: boolean; children: TreeSelectNode[] };

function toNodes(nodes: UnitNode[], allow: readonly Unit['kind'][] | undefined, includeDisabled: boolean): TreeSelectNode[] {
  return nodes
    .filter((n) => includeDisabled || n.unit.status === 'active')
    .map((n) => ({
      value: n.unit.id,
      title: n.unit.name,
      selectable: !allow || allow.includes(n.unit.kind),
      children: toNodes(n.children, allow, includeDisabled),
    }))
    .filter((n) => n.selectable || n.children.length > 0);
}

/** Picks a unit of the caller's scope in its tree; kinds outside `allow` are shown but not selectable. */
export function UnitTreeSelect({
  value,
  onChange,
  allow,
  placeholder = '选择单位',
  allowClear,
  includeDisabled = false,
  style,
  id,
  'aria-label': ariaLabel,
}: {
  value?: string;
  onChange?: (v: string | undefined) => void;
  allow?: readonly Unit['kind'][];
  placeholder?: string;
  allowClear?: boolean;
  includeDisabled?: boolean;
  style?: React.CSSProperties;
  id?: string;
  /** Outside a form item (a list filter) the placeholder names the field for screen readers. */
  'aria-label'?: string;
}) {
  const units = useAllUnits();
  const treeData = useMemo(() => {
    const { roots } = buildUnitTree(units.data ?? []);
    return toNodes(roots, allow, includeDisabled);
  }, [units.data, allow, includeDisabled]);
  const defaultExpanded = useMemo(() => treeData.map((n) => n.value), [treeData]);
  return (
    <TreeSelect
      id={id}
      aria-label={ariaLabel ?? (id ? undefined : placeholder)}
      value={value}
      onChange={(v) => onChange?.(v ?? undefined)}
      treeData={treeData}
      placeholder={allow ? `${placeholder}（${allow.map((k) => UNIT_KIND_LABELS[k]).join('/')}）` : placeholder}
      allowClear={allowClear}
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandedKeys={defaultExpanded}
      loading={units.isPending}
      notFoundContent="没有可选的单位"
      style={style}
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { maxWidth: 'calc(100vw - 24px)' } } }}
    />
  );
}
