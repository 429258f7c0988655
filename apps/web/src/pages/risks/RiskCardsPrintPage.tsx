import { useEffect, useMemo } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert, Button, Segmented, Spin } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { HAZARD_DOMAIN_LABELS, POINT_TYPE_LABELS, RISK_COLOUR_LABELS, RISK_LEVEL_COLOURS, RISK_LEVEL_LABELS, RISK_TIER_LABELS, type PointType } from '@xiaoan/domain';
import { useMe } from '../../auth/session';
import { errorMessage } from '../../api/client';
import { riskPictureApi, useRiskCards, type RiskCard, type RiskCards } from '../../api/risk-picture';
import { useUrlState } from '../../lib/useUrlState';
import { dateOf } from '../../lib/format';
import { LEVEL_STYLE, levelText } from './RiskDistributionPalette';

/*
 * The print view of risk notice cards (风险告知卡, issue 17 item 3): one card per inspection point
 * (one point with ?pointId=, every point of a school with ?schoolId= or a school user's own), each
 * on its own A4 or A5 page (?size=, CSS @page). A card shows the school, the point, its active risks
 * on their level colours, the main control measures and who carries them, the responsible person,
 * the emergency contact and the point's QR code — the one that opens its check, as the server makes
 * it for the points' print sheet. Outside the menu shell, so the browser prints only the cards.
 */

type Size = 'A4' | 'A5';

const PAPER: Record<Size, { width: string; minHeight: string; base: number; qr: string }> = {
  A4: { width: '210mm', minHeight: '297mm', base: 15, qr: '42mm' },
  A5: { width: '148mm', minHeight: '210mm', base: 12, qr: '32mm' },
};

const CSS = `
.xa-rc-page { background: #f0f2f5; min-height: 100vh; padding: 12px; }
.xa-rc-toolbar { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; justify-content: space-between; max-width: 210mm; margin: 0 auto 12px; }
.xa-rc-toolbar h1 { font-size: 18px; margin: 0; }
.xa-rc-card { background: #fff; color: #000; margin: 0 auto 12px; box-shadow: 0 1px 4px rgba(0,0,0,.15); padding: 8mm; box-sizing: border-box; max-width: 100%;
  display: flex; flex-direction: column; gap: 3mm; -webkit-print-color-adjust: exact; print-color-adjust: exact; font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; }
.xa-rc-title { text-align: center; border-bottom: 2px solid #000; padding-bottom: 2mm; }
.xa-rc-title h2 { margin: 0; font-size: 1.7em; letter-spacing: .2em; }
.xa-rc-title p { margin: 1mm 0 0; }
.xa-rc-band { padding: 2mm 4mm; border-radius: 2mm; font-weight: 700; font-size: 1.15em; }
.xa-rc-risk { display: flex; border: 1px solid #8c8c8c; border-radius: 2mm; overflow: hidden; break-inside: avoid; page-break-inside: avoid; }
.xa-rc-level { flex: none; width: 22mm; display: flex; align-items: center; justify-content: center; text-align: center; font-weight: 700; padding: 2mm; }
.xa-rc-body { padding: 2mm 3mm; flex: 1; min-width: 0; }
.xa-rc-body h3 { margin: 0 0 1mm; font-size: 1.1em; }
.xa-rc-body p, .xa-rc-body li { margin: 0 0 .8mm; overflow-wrap: anywhere; }
.xa-rc-body ul { margin: 0; padding-left: 5mm; }
.xa-rc-small { color: #434343; font-size: .85em; }
.xa-rc-foot { display: flex; gap: 4mm; align-items: flex-end; margin-top: auto; border-top: 1px solid #8c8c8c; padding-top: 3mm; }
.xa-rc-foot dl { flex: 1; margin: 0; display: grid; grid-template-columns: auto 1fr; gap: 1mm 3mm; }
.xa-rc-foot dt { font-weight: 700; }
.xa-rc-foot dd { margin: 0; overflow-wrap: anywhere; }
.xa-rc-qr { flex: none; text-align: center; }
.xa-rc-qr img { display: block; margin: 0 auto; }
@media (max-width: 600px) { .xa-rc-page { padding: 8px; } .xa-rc-card { padding: 12px; min-height: 0 !important; } .xa-rc-level { width: 64px; } .xa-rc-qr img { width: 96px !important; height: 96px !important; } }
@media print {
  .xa-rc-page { background: #fff; padding: 0; }
  .xa-no-print { display: none !important; }
  .xa-rc-card { box-shadow: none; margin: 0; width: auto !important; min-height: 0 !important; padding: 0; break-after: page; page-break-after: always; }
  .xa-rc-card:last-child { break-after: auto; page-break-after: auto; }
}
`;

function Card({ data, card, size, printedOn }: { data: RiskCards; card: RiskCard; size: Size; printedOn: string }) {
  const paper = PAPER[size];
  const p = card.point;
  const type = POINT_TYPE_LABELS[p.pointType as PointType] ?? p.pointType;
  const contact = data.emergency;
  return (
    <section
      className="xa-rc-card"
      data-testid="risk-card"
      data-point-id={p.id}
      data-worst={card.worst ?? ''}
      aria-label={`${p.name}风险告知卡`}
      style={{ width: paper.width, minHeight: paper.minHeight, fontSize: paper.base }}
    >
      <header className="xa-rc-title">
        <h2>安全风险告知卡</h2>
        <p>
          <strong>{data.school.name}</strong>
          {p.unitName !== data.school.name && ` · ${p.unitName}`}
        </p>
        <p style={{ fontSize: '1.25em', fontWeight: 700 }} data-testid="risk-card-point">
          {p.name}
          <span className="xa-rc-small" style={{ fontWeight: 400 }}>
            {' '}
            （{type}
            {p.location && ` · ${p.location}`}）
          </span>
        </p>
      </header>
      {card.worst ? (
        <div className="xa-rc-band" style={LEVEL_STYLE[card.worst]} data-testid="risk-card-band" data-level={card.worst} data-colour={RISK_LEVEL_COLOURS[card.worst]}>
          本点位最高风险等级：{levelText(card.worst)} · 在管风险 {card.risks.length} 项
        </div>
      ) : (
        <div className="xa-rc-band" style={{ border: '1px solid #8c8c8c' }} data-testid="risk-card-band" data-level="">
          本点位尚未登记在管风险
        </div>
      )}
      {card.risks.map((r) => (
        <article key={r.id} className="xa-rc-risk" data-testid="risk-card-risk" data-level={r.level} data-colour={r.colour}>
          <div className="xa-rc-level" style={LEVEL_STYLE[r.level]}>
            {RISK_LEVEL_LABELS[r.level]}
            <br />（{RISK_COLOUR_LABELS[r.colour]}）
          </div>
          <div className="xa-rc-body">
            <h3 data-testid="risk-card-risk-name">{r.name}</h3>
            <p className="xa-rc-small">
              {HAZARD_DOMAIN_LABELS[r.domain] ?? r.domain} · 风险值 {r.score}
              {r.residualLevel && ` · 管控后 ${RISK_LEVEL_LABELS[r.residualLevel]}`}
            </p>
            <p>{r.description}</p>
            {r.measures.length > 0 && (
              <>
                <p style={{ fontWeight: 700 }}>主要管控措施</p>
                <ul>
                  {r.measures.map((m, i) => (
                    <li key={i}>
                      {m.description}
                      <span className="xa-rc-small">
                        （{RISK_TIER_LABELS[m.tier]}
                        {m.department && ` · ${m.department}`}
                        {m.person && ` · ${m.person}`}）
                      </span>
                    </li>
                  ))}
                  {r.measureCount > r.measures.length && <li className="xa-rc-small">另有 {r.measureCount - r.measures.length} 项措施，见风险清单</li>}
                </ul>
              </>
            )}
          </div>
        </article>
      ))}
      <footer className="xa-rc-foot">
        <dl>
          <dt>责任人</dt>
          <dd data-testid="risk-card-responsible">{card.responsible || '（未指定）'}</dd>
          <dt>应急联系人</dt>
          <dd data-testid="risk-card-contact">
            {contact ? `${contact.name}${contact.phone ? ` ${contact.phone}` : '（电话未登记）'}` : '（未登记）'}
          </dd>
          <dt>应急电话</dt>
          <dd>火警 119 · 急救 120 · 报警 110</dd>
          <dt>打印日期</dt>
          <dd>{printedOn}</dd>
        </dl>
        <div className="xa-rc-qr">
          <img src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(card.qrSvg)}`} alt={`${p.name}点位检查二维码`} data-testid="risk-card-qr" style={{ width: paper.qr, height: paper.qr }} />
          <div className="xa-rc-small">扫码开始本点位检查</div>
        </div>
      </footer>
    </section>
  );
}

export default function RiskCardsPrintPage() {
  const me = useMe();
  const navigate = useNavigate();
  const { values, set } = useUrlState(['schoolId', 'pointId', 'size'] as const);
  const size: Size = values.size === 'A5' ? 'A5' : 'A4';
  const schoolSide = me.unit.kind === 'school' || me.unit.kind === 'campus';
  const ready = !!values.pointId || !!values.schoolId || me.unit.kind === 'school';
  const q = useRiskCards({ schoolId: values.schoolId, pointId: values.pointId }, ready);
  const printedOn = useMemo(() => dateOf(new Date().toISOString()) ?? '', []);

  // The paper size of the browser's print dialog follows the choice.
  useEffect(() => {
    const style = document.createElement('style');
    style.setAttribute('data-testid', 'risk-cards-page-size');
    style.textContent = `@page { size: ${size} portrait; margin: 8mm; }`;
    document.head.appendChild(style);
    const title = document.title;
    return () => {
      style.remove();
      document.title = title;
    };
  }, [size]);
  useEffect(() => {
    if (q.data) document.title = `${q.data.school.name} 风险告知卡`;
  }, [q.data]);

  const back = () => (window.history.length > 1 ? navigate(-1) : navigate(schoolSide ? '/inspections/points' : '/risks'));
  const data = q.data;
  const count = data?.cards.length ?? 0;

  return (
    <div className="xa-rc-page">
      <style>{CSS}</style>
      <div className="xa-rc-toolbar xa-no-print">
        <div style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
          <Button icon={<ArrowLeftOutlined />} onClick={() => void back()}>
            返回
          </Button>
          <h1>风险告知卡{data && ` · ${data.school.name}`}</h1>
        </div>
        <div style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
          <Segmented<Size>
            aria-label="纸张大小"
            value={size}
            onChange={(v) => set({ size: v })}
            options={[
              { value: 'A4', label: 'A4' },
              { value: 'A5', label: 'A5' },
            ]}
            data-testid="risk-cards-size"
          />
          <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} disabled={!count} data-testid="risk-cards-print">
            打印{count > 1 ? `全部 ${count} 张` : ''}
          </Button>
        </div>
      </div>
      <main>
        {!ready && (
          <Alert
            className="xa-no-print"
            type="info"
            showIcon
            style={{ maxWidth: '210mm', margin: '0 auto' }}
            title="请先选择学校或点位"
            description={
              <span>
                在<Link to="/inspections/points">点位与二维码</Link>页选择学校后点击“打印风险告知卡”。
              </span>
            }
          />
        )}
        {ready && q.isPending && (
          <div style={{ textAlign: 'center', padding: 48 }}>
            <Spin description="正在生成告知卡…">
              <div style={{ width: 120, height: 60 }} />
            </Spin>
          </div>
        )}
        {q.isError && <Alert type="error" showIcon style={{ maxWidth: '210mm', margin: '0 auto' }} title={errorMessage(q.error)} data-testid="risk-cards-error" />}
        {data && count === 0 && <Alert type="info" showIcon style={{ maxWidth: '210mm', margin: '0 auto' }} title="该校没有在用的点位，无需打印告知卡" />}
        {data?.cards.map((card) => <Card key={card.point.id} data={data} card={card} size={size} printedOn={printedOn} />)}
        {data && count > 0 && (
          <p className="xa-no-print" style={{ textAlign: 'center', color: '#595959' }}>
            共 {count} 张，每张一页（{size}）。点位二维码与“点位与二维码”页打印的相同，扫码即开始该点位检查。
            {values.pointId && (
              <>
                {' '}
                <Link to={riskPictureApi.cardsPath({ schoolId: data.school.id, size })} style={{ textDecoration: 'underline' }}>
                  打印全校的告知卡
                </Link>
              </>
            )}
          </p>
        )}
      </main>
    </div>
  );
}
