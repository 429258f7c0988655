import { Link } from 'react-router';
import { Card, Col, Row, Statistic } from 'antd';
import type { HazardFilter } from '../../api/hazards';
import { useHomeSummary, type HomeHazards } from '../../api/home';
import { QueryError } from '../../components/common';
import { ledgerLink } from '../../components/hazard/HazardHome';

/** One ledger figure of the home page: its number from the summary, and the ledger filter it opens. */
export type FigureDef = { key: string; title: string; value: (h: HomeHazards) => number; filter: HazardFilter; danger?: boolean };

/** The ledger's figures, all from the one summary request; a card opens exactly those hazards. */
export function HazardFigures({ defs, span = { xs: 12, md: 8, xl: 4 } }: { defs: FigureDef[]; span?: { xs: number; md: number; xl: number } }) {
  const q = useHomeSummary();
  const h = q.data?.hazards;
  return (
    <>
      {q.isError && <QueryError error={q.error} onRetry={() => void q.refetch()} />}
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        {defs.map((d) => {
          const n = h ? d.value(h) : 0;
          return (
            <Col key={d.key} {...span}>
              {/* A real link: reached with Tab, opened with Enter, announced as a link to the ledger. */}
              <Link to={ledgerLink(d.filter)} className="xa-card-link">
                <Card size="small" hoverable style={{ height: '100%' }} data-testid={`hazard-stat-${d.key}`}>
                  <Statistic
                    title={d.title}
                    value={q.isError ? '—' : n}
                    suffix={q.isError ? undefined : '条'}
                    loading={q.isPending}
                    styles={d.danger && n ? { content: { color: '#cf1322' } } : undefined}
                  />
                </Card>
              </Link>
            </Col>
          );
        })}
      </Row>
    </>
  );
}
