import type { HTMLAttributes, ReactNode } from 'react';
import { Card, List, Pagination, Table, Typography } from 'antd';
import type { TableColumnsType, TableProps } from 'antd';
import { useIsMobile } from '../lib/useIsMobile';
import type { useUrlState } from '../lib/useUrlState';
import { QueryError } from './common';

/*
 * The list every list page draws: a filter bar, then a table on a desktop and one card per
 * row on a phone (lib/useIsMobile), with the page and page size kept in the address
 * (lib/useUrlState), so a reload, a shared link or the back button shows the same page.
 */

/** A server-paged list: the page and size come from the address, the total from the answer. */
export type ListPaging = Pick<ReturnType<typeof useUrlState>, 'page' | 'pageSize'> & {
  total: number;
  set: (patch: { page?: number; pageSize?: number }) => void;
};

export type ResponsiveListProps<T> = {
  rows: readonly T[];
  columns: TableColumnsType<T>;
  /** What one row shows on a phone, inside its card. */
  card: (row: T) => ReactNode;
  /** A phone card that opens the record when tapped. */
  onCardClick?: (row: T) => void;
  cardClassName?: (row: T) => string | undefined;
  rowKey?: TableProps<T>['rowKey'];
  /** `data-testid` of every row, the table's and the cards' alike (the browser tests find rows by it). */
  rowTestId?: string;
  /** More attributes of a table row (data-* flags the tests read). */
  rowProps?: (row: T) => HTMLAttributes<HTMLElement>;
  loading?: boolean;
  /** The query's error: shown above the list with a retry. */
  error?: unknown;
  onRetry?: () => void;
  empty: ReactNode;
  /** The filter bar: inputs laid out by `.xa-filters` (two to a row on a phone). */
  filters?: ReactNode;
  /** Under the filter bar (a hint such as "search needs two characters"). */
  notice?: ReactNode;
  /** Server paging bound to the address; without it a desktop table pages itself past `localPageSize` rows. */
  paging?: ListPaging;
  localPageSize?: number;
  /** The counting word of "共 N 条" (所, 人 …). */
  unit?: string;
  /** The table's own options (sorting, scroll width, row class). */
  table?: Omit<TableProps<T>, 'columns' | 'dataSource' | 'loading' | 'pagination' | 'rowKey' | 'onRow' | 'locale'>;
  /** Under the list (a total the page words itself). */
  footer?: ReactNode;
};

export function ResponsiveList<T extends object>(props: ResponsiveListProps<T>) {
  const isMobile = useIsMobile();
  const { rows, paging, unit = '条', localPageSize = 50 } = props;
  const total = paging?.total ?? rows.length;
  const showTotal = (t: number) => `共 ${t} ${unit}`;
  const testId = props.rowTestId ? { 'data-testid': props.rowTestId } : {};

  const list = isMobile ? (
    <>
      <List
        loading={props.loading}
        dataSource={[...rows]}
        locale={{ emptyText: props.empty }}
        split={false}
        renderItem={(row) => (
          // A list item around each card: the list is a <ul>, which may hold only <li>s.
          <List.Item className="xa-card-item">
            <Card
              size="small"
              className={props.cardClassName?.(row)}
              style={{ marginBottom: 8, width: '100%', cursor: props.onCardClick ? 'pointer' : undefined }}
              onClick={props.onCardClick ? () => props.onCardClick!(row) : undefined}
              // The card opens its record: reached with Tab, opened with Enter like a link.
              role={props.onCardClick ? 'link' : undefined}
              tabIndex={props.onCardClick ? 0 : undefined}
              onKeyDown={
                props.onCardClick
                  ? (e) => {
                      if (e.key === 'Enter' && e.target === e.currentTarget) props.onCardClick!(row);
                    }
                  : undefined
              }
              {...testId}
            >
              {props.card(row)}
            </Card>
          </List.Item>
        )}
      />
      {paging && total > paging.pageSize && (
        <div style={{ display: 'flex', justifyContent: 'center', marginTop: 8 }}>
          <Pagination simple current={paging.page} pageSize={paging.pageSize} total={total} onChange={(p) => paging.set({ page: p })} />
        </div>
      )}
      {paging && (
        <Typography.Text type="secondary" style={{ display: 'block', textAlign: 'center', marginTop: 8 }}>
          {showTotal(total)}
        </Typography.Text>
      )}
    </>
  ) : (
    <Table<T>
      rowKey={props.rowKey ?? ('id' as TableProps<T>['rowKey'])}
      size="small"
      {...props.table}
      columns={props.columns}
      dataSource={[...rows]}
      loading={props.loading}
      locale={{ emptyText: props.empty }}
      onRow={(row) => ({ ...testId, ...props.rowProps?.(row) }) as HTMLAttributes<HTMLElement>}
      pagination={
        paging
          ? {
              current: paging.page,
              pageSize: paging.pageSize,
              total,
              showSizeChanger: true,
              pageSizeOptions: [20, 50, 100],
              showTotal,
              onChange: (p, ps) => paging.set(ps !== paging.pageSize ? { pageSize: ps, page: 1 } : { page: p }),
            }
          : rows.length > localPageSize
            ? { pageSize: localPageSize, showTotal }
            : false
      }
    />
  );

  return (
    <Card size="small" styles={{ body: { padding: isMobile ? 12 : 16 } }}>
      {props.filters && <div className="xa-filters">{props.filters}</div>}
      {props.notice}
      {props.error ? <QueryError error={props.error} onRetry={props.onRetry} /> : null}
      {list}
      {props.footer}
    </Card>
  );
}
