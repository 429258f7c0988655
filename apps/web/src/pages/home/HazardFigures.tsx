import { Link, useNavigate } from 'react-router';
import { Card, Col, Row, Statistic } from 'antd';
import { HAZARD_DOMAIN_LABELS } from '@xiaoan/domain';
import type { HazardFilter } from '../../api/hazards';
import { useHomeSummary, type HomeHazards } from '../../api/home';
import { QueryError } from '../../components/common';
import { ledgerLink, OPEN } from '../../components/hazard/HazardHome';
import { CountBars } from './OrgSummary';

/** One ledger figure of the home page: its number from the summary, and the ledger filter it opens. */
export type FigureDef = { key: string; title: string; value: (h: HomeHazards) => number; filter: HazardFilter; danger?: boolean };

/** The ledger's figures, all from the one summary request; a card opens exactly those hazards. */
export function HazardFigures({ defs, span = { xs: 12, md: 8, xl: 4 } }: { defs: FigureDef[]; span?: { xs: number; md: number; xl: number } }) {
  const navigate = useNavigate();
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
              <Card size="small" hoverable onClick={() => void navigate(ledgerLink(d.filter))} style={{ height: '100%' }} data-testid={`hazard-stat-${d.key}`}>
                <Statistic
                  title={d.title}
                  value={q.isError ? '—' : n}
                  suffix={q.isError ? undefined : '条'}
                  loading={q.isPending}
                  styles={d.danger && n ? { content: { color: '#cf1322' } } : undefined}
                />
              </Card>
            </Col>
          );
        })}
      </Row>
    </>
  );
}

/** Open hazards per domain, largest first, zeros left out (the server sends them so). */
export function DomainFigures() {
  const q = useHomeSummary();
  if (q.isError) return <QueryError error={q.error} />;
  const rows = (q.data?.hazards?.openByDomain ?? []).map((r) => ({
    key: r.domain,
    name: HAZARD_DOMAIN_LABELS[r.domain],
    count: r.count,
    label: <Link to={ledgerLink({ state: OPEN, domain: [r.domain] })}>{HAZARD_DOMAIN_LABELS[r.domain]}</Link>,
  }));
  return <CountBars rows={rows} unit="条" loading={q.isPending} empty="目前没有未销号的隐患" />;
}
