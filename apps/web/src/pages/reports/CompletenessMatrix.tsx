import { useEffect } from 'react';
import { Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { MatrixT } from '../../api/reports';
import { useIsMobile } from '../../lib/useIsMobile';
import { STATE_CELL, STATE_COLORS, STATE_TEXT, StateLegend, pct, useScrollableTables } from './reportUi';

/*
 * The completeness matrix (报送矩阵): units × periods, each cell coloured by its state and
 * saying it in words (colour is never the only cue); a cell with a submission is a button
 * that opens it. The last row is each period's 已报送率 / 按时率.
 */

type Row = MatrixT['rows'][number];

/** A column's label without the year when it is the latest period's year (2025年12月 → 25年12月 beside 2026's months). */
const shortLabel = (label: string, year: string) => (label.startsWith(`${year}年`) ? label.slice(5) : label.replace(/^\d{2}(\d{2})年/, '$1年')) || label;

export function CompletenessMatrix({ matrix, onOpen, loading }: { matrix: MatrixT | undefined; onOpen: (submissionId: string) => void; loading?: boolean }) {
  const mobile = useIsMobile();
  const periods = matrix?.periods ?? [];
  const box = useScrollableTables('报送矩阵（可左右、上下滚动）');
  const latestYear = periods[periods.length - 1]?.key.slice(0, 4) ?? '';
  // The latest periods are the ones looked at: start scrolled to the right end.
  const lastKey = periods[periods.length - 1]?.key;
  useEffect(() => {
    box.current?.querySelectorAll<HTMLElement>('.ant-table-body, .ant-table-content').forEach((el) => {
      el.scrollLeft = el.scrollWidth;
    });
  }, [lastKey, matrix?.rows.length]);
  const columns: TableColumnsType<Row> = [
    {
      title: '单位',
      dataIndex: 'unitName',
      fixed: 'left',
      width: mobile ? 110 : 190,
      render: (_: unknown, r) => (
        <div style={{ lineHeight: 1.3 }}>
          <div className="xa-wrap">{r.unitName}</div>
          {!mobile && r.areaName && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r.areaName}
            </Typography.Text>
          )}
        </div>
      ),
    },
    ...periods.map((p, i) => ({
      key: p.key,
      title: (
        <span title={`${p.label}，截止 ${p.dueDate}`} style={{ whiteSpace: 'nowrap' }}>
          {shortLabel(p.label, latestYear)}
        </span>
      ),
      width: 64,
      align: 'center' as const,
      onCell: () => ({ style: { padding: 2 } }),
      render: (_: unknown, r: Row) => {
        const c = r.cells[i];
        if (!c?.state) return <span aria-label={`${r.unitName} ${p.label} 不在应报范围`}>·</span>;
        const col = STATE_COLORS[c.state];
        // The name holds the cell's own word (缺报, not only 未报送（已逾期）): what is seen is what is heard.
        const name = `${r.unitName} ${p.label} ${STATE_TEXT[c.state]}`;
        const style = { display: 'block', width: '100%', minHeight: 28, background: col.bg, color: col.fg, border: `1px solid ${col.border}`, borderRadius: 4, fontSize: 12, lineHeight: '26px' };
        return c.submissionId ? (
          <button type="button" style={{ ...style, cursor: 'pointer' }} aria-label={name} title={name} onClick={() => onOpen(c.submissionId!)} data-testid="matrix-cell" data-unit={r.unitName} data-period={p.key} data-state={c.state}>
            {STATE_CELL[c.state]}
          </button>
        ) : (
          <span style={style} aria-label={name} title={name} role="img" data-testid="matrix-cell" data-unit={r.unitName} data-period={p.key} data-state={c.state}>
            {STATE_CELL[c.state]}
          </span>
        );
      },
    })),
  ];
  return (
    <div data-testid="completeness-matrix" ref={box}>
      <Table<Row>
        size="small"
        rowKey="unitId"
        bordered
        loading={loading}
        columns={columns}
        dataSource={matrix?.rows ?? []}
        // Every unit on one sheet (a district has a few hundred): the header and the unit column stay put while it scrolls.
        scroll={{ x: (mobile ? 110 : 190) + periods.length * 64, y: mobile ? 480 : 640 }}
        pagination={false}
        locale={{ emptyText: '没有应报单位' }}
        summary={() =>
          matrix && matrix.rows.length > 0 ? (
            <Table.Summary fixed>
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>
                  <Typography.Text strong>已报送率 / 按时率</Typography.Text>
                </Table.Summary.Cell>
                {matrix.totals.map((t, i) => (
                  <Table.Summary.Cell key={t.period} index={i + 1} align="center">
                    <div style={{ fontSize: 12, lineHeight: 1.3 }}>
                      <div>{pct(t.submittedRate)}</div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {pct(t.onTimeRate)}
                      </Typography.Text>
                    </div>
                  </Table.Summary.Cell>
                ))}
              </Table.Summary.Row>
            </Table.Summary>
          ) : null
        }
      />
      <StateLegend style={{ marginTop: 8 }} />
    </div>
  );
}
