import type { ReactNode } from 'react';
import { Alert, Button, Empty, Select, Tag, Typography } from 'antd';
import { ApartmentOutlined, ArrowLeftOutlined, BankOutlined, ClusterOutlined, HomeOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { UNIT_KIND_LABELS, type UnitKind } from '@xiaoan/domain';
import { errorMessage } from '../api/client';

export function PageTitle({ title, extra, sub }: { title: ReactNode; extra?: ReactNode; sub?: ReactNode }) {
  return (
    <div className="xa-page-title">
      <div style={{ minWidth: 0 }}>
        {/* The page's one h1, drawn at h4 size. */}
        <Typography.Title level={1} style={{ fontSize: 20, lineHeight: 1.4 }}>
          {title}
        </Typography.Title>
        {sub && <Typography.Text type="secondary">{sub}</Typography.Text>}
      </div>
      {extra && <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>{extra}</div>}
    </div>
  );
}

/** The way back to the list a page belongs to, above its title. */
export function BackLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <div style={{ marginBottom: 8 }}>
      <Link to={to}>
        <ArrowLeftOutlined /> {children}
      </Link>
    </div>
  );
}

/** A failed query, in words, with a retry. */
export function QueryError({ error, onRetry, style }: { error: unknown; onRetry?: () => void; style?: React.CSSProperties }) {
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 16, ...style }}
      title={errorMessage(error)}
      action={
        onRetry && (
          <Button size="small" onClick={onRetry}>
            重试
          </Button>
        )
      }
    />
  );
}

export function StatusTag({ status }: { status: 'active' | 'disabled' }) {
  return status === 'active' ? <Tag color="success">启用</Tag> : <Tag>停用</Tag>;
}

type FilterOption = { value: string; label: string };
type FilterSelectProps = { label: string; options: FilterOption[]; width: number; loading?: boolean; search?: boolean } & (
  | { multiple?: false; value?: string; onChange: (v: string | undefined) => void }
  | { multiple: true; value: string[]; onChange: (v: string[]) => void }
);

/** One select of a list's filter bar: clearable, named by its label (also for screen readers), searchable where the list is long. */
export function FilterSelect(p: FilterSelectProps) {
  return (
    <Select<string | string[]>
      allowClear
      mode={p.multiple ? 'multiple' : undefined}
      maxTagCount={p.multiple ? 'responsive' : undefined}
      placeholder={p.label}
      aria-label={`按${p.label}筛选`}
      value={p.value}
      onChange={p.onChange as (v: string | string[]) => void}
      options={p.options}
      loading={p.loading}
      showSearch={p.search ? { optionFilterProp: 'label' } : undefined}
      style={{ width: p.width }}
    />
  );
}

const STATUS_OPTIONS: FilterOption[] = [
  { value: 'active', label: '启用' },
  { value: 'disabled', label: '停用' },
];

/** The 启用/停用 filter of the list pages' filter bars. */
export function StatusFilter({ value, onChange }: { value?: string; onChange: (v: string | undefined) => void }) {
  return <FilterSelect label="状态" value={value} onChange={onChange} options={STATUS_OPTIONS} width={100} />;
}

export function UnitKindIcon({ kind }: { kind: UnitKind }) {
  switch (kind) {
    case 'bureau':
      return <BankOutlined style={{ color: '#1677ff' }} />;
    case 'area':
      return <ClusterOutlined style={{ color: '#13a8a8' }} />;
    case 'school':
      return <HomeOutlined style={{ color: '#fa8c16' }} />;
    case 'campus':
      return <ApartmentOutlined style={{ color: '#8c8c8c' }} />;
  }
}

export function UnitKindTag({ kind }: { kind: UnitKind }) {
  const color = { bureau: 'blue', area: 'cyan', school: 'orange', campus: 'default' }[kind];
  return <Tag color={color}>{UNIT_KIND_LABELS[kind]}</Tag>;
}

/** An empty state that says what will appear here (and, when not built yet, that it is coming). */
export function Placeholder({ text, upcoming }: { text: ReactNode; upcoming?: boolean }) {
  return (
    <Empty
      image={Empty.PRESENTED_IMAGE_SIMPLE}
      description={
        <span>
          {upcoming && (
            <Tag color="gold" style={{ marginInlineEnd: 6 }}>
              待上线
            </Tag>
          )}
          {text}
        </span>
      }
    />
  );
}

export const dash = (v: ReactNode) => (v === null || v === undefined || v === '' ? <Typography.Text type="secondary">—</Typography.Text> : v);

/**
 * An action drawn as a link inside text or a table cell (opens a drawer, a dialog): a real
 * button, so Tab reaches it and Enter or Space starts it, unlike an `<a>` without href.
 */
export function ActionLink({ onClick, children, className, style, ...rest }: { onClick: () => void; children: ReactNode; className?: string; style?: React.CSSProperties; 'data-testid'?: string; 'aria-label'?: string }) {
  return (
    <button type="button" className={['xa-action-link', className].filter(Boolean).join(' ')} style={style} onClick={onClick} {...rest}>
      {children}
    </button>
  );
}

/**
 * List.Item.Meta's look without its h4: a list row's title is not a heading of the page (axe
 * heading-order). Use inside an antd List.
 */
export function ListItemText({ title, description }: { title: ReactNode; description?: ReactNode }) {
  return (
    <div className="ant-list-item-meta">
      <div className="ant-list-item-meta-content">
        <div className="ant-list-item-meta-title">{title}</div>
        {description && <div className="ant-list-item-meta-description">{description}</div>}
      </div>
    </div>
  );
}
