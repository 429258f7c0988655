import { sql } from 'kysely';
import { addDays, idNumberCheck, shanghaiDate } from '@xiaoan/domain';
import type { Trx } from '../db/database.js';
import { watchFleetIn } from '../features/fleet/fleet-sweep.js';

/**
 * The demo district's school-bus registry (校车台账), deterministic: the schools that run buses
 * (华润小学 and the 中心 schools and kindergartens of the outer areas, where pupils live far) each
 * with one to three buses from the district's operator or their own, an A1/A3/B1 driver with the
 * school-bus qualification, an attendant and a morning route per bus. Some documents expire this
 * month (reminders ahead), and exactly one bus is out of service: 华润小学's 苏D·X7312, whose
 * annual inspection lapsed three days ago (its hazard is open, reported by the watch account).
 * 华润小学's second bus has its insurance expiring within the month.
 */

const SURNAMES = ['钱', '孙', '周', '吴', '郑', '冯', '陈', '褚', '卫', '蒋', '沈', '韩', '杨', '朱', '秦', '许'];
const GIVEN = ['建华', '国强', '志刚', '海平', '卫国', '明亮', '春华', '秀兰', '桂英', '玉梅', '丽娟', '红霞', '永康', '德明', '金凤', '小燕'];
const STOPS = ['青龙苑', '红梅新村', '东青村', '郑陆镇政府', '焦溪老街', '三河口', '牟家村', '舜山', '横林桥', '雕庄街道', '采菱新村', '丁堰路口', '东方新村', '花园街', '湾城'];
const OPERATORS = ['常州公交校车服务有限公司', '常州市天宁区校车运营中心'];
const MODELS = ['宇通 ZK6729DX 专用校车', '宇通 ZK6805DX 专用校车', '金龙 XMQ6660ASD 专用校车', '东风超龙 EQ6580ST 专用校车'];

/** An ID number of 天宁区 (320402) for the n-th demo bus person, born 1968–1991 (fleet's own sequence, distinct from the guards'). */
function busIdNumber(n: number): string {
  const year = 1968 + (n % 24);
  const body = `320402${year}${String(1 + ((n * 5) % 12)).padStart(2, '0')}${String(1 + ((n * 11) % 28)).padStart(2, '0')}${String(500 + (n % 400)).padStart(3, '0')}`;
  return body + idNumberCheck(body);
}

type School = { id: string; name: string; path: string; school_kind: string | null };

/** The last day of `today`'s month. */
function monthEnd(today: string): string {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return addDays(next, -1);
}

export async function seedDemoFleet(trx: Trx, opts: { now?: Date } = {}): Promise<{ schools: number; vehicles: number; drivers: number; routes: number; expiringThisMonth: number; outOfService: number; hazards: number; reminders: number }> {
  const now = opts.now ?? new Date();
  const today = shanghaiDate(now);
  const end = monthEnd(today);
  /** A day later this month (today itself when the month ends today): still valid, expiring. */
  const thisMonth = (k: number) => (addDays(today, 1 + k) <= end ? addDays(today, 1 + k) : end);
  const all = (await sql<School>`SELECT id, name, path::text AS path, school_kind FROM unit WHERE kind = 'school' AND status = 'active' ORDER BY id`.execute(trx)).rows;
  const chosen = [...all.filter((s) => s.name === '华润小学'), ...all.filter((s) => s.name !== '华润小学' && /中心|郑陆|焦溪|三河口|牟家|雕庄|青龙/.test(s.name))].slice(0, 14);
  let plateNo = 0;
  let person = 0;
  let vehicles = 0;
  let drivers = 0;
  let routes = 0;
  let expiringThisMonth = 0;
  for (const [i, s] of chosen.entries()) {
    const huarun = s.name === '华润小学';
    const buses = huarun ? 2 : 1 + (i % 3 === 0 ? 1 : 0) + (i % 5 === 2 ? 1 : 0);
    for (let b = 0; b < buses; b++) {
      plateNo += 1;
      const plate = huarun ? (b === 0 ? '苏D·X7312' : '苏D·X7316') : `苏D·X${String(7400 + plateNo * 13).slice(-4)}`;
      const issued = addDays(today, -(120 + ((plateNo * 41) % 500)));
      let licenceExpires = addDays(today, 200 + ((plateNo * 67) % 500));
      let inspectionDue = addDays(today, 60 + ((plateNo * 29) % 280));
      let insuranceExpires = addDays(today, 45 + ((plateNo * 31) % 300));
      if (huarun && b === 0) inspectionDue = addDays(today, -3);
      else if (huarun && b === 1) insuranceExpires = thisMonth(9);
      else if (plateNo % 4 === 1) licenceExpires = thisMonth(plateNo % 20);
      else if (plateNo % 4 === 3) inspectionDue = thisMonth(3 + (plateNo % 15));
      if ([licenceExpires, inspectionDue, insuranceExpires].some((x) => x > today && x <= end)) expiringThisMonth++;
      const vehicle = await trx
        .insertInto('vehicle')
        .values({
          school_id: s.id,
          unit_path: s.path,
          plate,
          seats: [19, 35, 41, 56][(plateNo + b) % 4]!,
          model: MODELS[plateNo % MODELS.length]!,
          operator: OPERATORS[plateNo % 3 === 0 ? 1 : 0]!,
          licence_no: `苏常校车许〔${issued.slice(0, 4)}〕${String(100 + plateNo * 7).padStart(4, '0')}号`,
          licence_issued_on: issued,
          licence_expires_on: licenceExpires,
          inspected_on: addDays(inspectionDue, -365),
          inspection_due_on: inspectionDue,
          insurance_starts_on: addDays(insuranceExpires, -365),
          insurance_expires_on: insuranceExpires,
          gps_device_id: `BD-320402-${String(3000 + plateNo).padStart(5, '0')}`,
          note: huarun && b === 0 ? '年检预约中' : '',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      vehicles++;
      person += 1;
      const driverName = `${SURNAMES[person % SURNAMES.length]}${GIVEN[(person * 3) % 8]}`;
      const qualified = addDays(today, -(200 + ((person * 37) % 700)));
      const driver = await trx
        .insertInto('bus_driver')
        .values({
          school_id: s.id,
          unit_path: s.path,
          name: driverName,
          id_number: busIdNumber(person),
          phone: `139${String(60_000_000 + person * 7717).slice(-8)}`,
          licence_class: ['A1', 'A3', 'B1'][person % 3]!,
          licence_no: `3204021${String(10_000_000 + person * 3331).slice(-8)}`,
          licence_issued_on: addDays(today, -(3650 + person * 97)),
          licence_expires_on: person % 6 === 4 ? thisMonth(person % 18) : addDays(today, 400 + ((person * 53) % 1800)),
          qualification_no: `常公交校驾〔${qualified.slice(0, 4)}〕${String(person * 3 + 10).padStart(3, '0')}`,
          qualification_issued_on: qualified,
          qualification_expires_on: addDays(qualified, 365 * 3),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      drivers++;
      person += 1;
      const attendant = await trx
        .insertInto('bus_attendant')
        .values({ school_id: s.id, unit_path: s.path, name: `${SURNAMES[(person + 5) % SURNAMES.length]}${GIVEN[8 + (person % 8)]}`, id_number: busIdNumber(person), phone: `138${String(50_000_000 + person * 6421).slice(-8)}`, trained_on: addDays(today, -(20 + (person % 150))) })
        .returning('id')
        .executeTakeFirstOrThrow();
      const first = 6 * 60 + 40 + ((plateNo * 5) % 20);
      const stopCount = 3 + (plateNo % 3);
      const stops = Array.from({ length: stopCount }, (_, k) => {
        const t = first + k * 9;
        return { name: STOPS[(plateNo * 3 + k) % STOPS.length]!, time: `${String(Math.floor(t / 60)).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}` };
      });
      const t = first + stopCount * 9;
      stops.push({ name: s.name, time: `${String(Math.floor(t / 60)).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}` });
      // The out-of-service bus keeps its route (assigned before it lapsed): the route shows as blocked.
      await trx
        .insertInto('bus_route')
        .values({ school_id: s.id, unit_path: s.path, name: `${b === 0 ? '一' : b === 1 ? '二' : '三'}号线（早班）`, stops: JSON.stringify(stops), vehicle_id: vehicle.id, driver_id: driver.id, attendant_id: attendant.id })
        .execute();
      routes++;
    }
  }
  const watched = await watchFleetIn(trx, now);
  return { schools: chosen.length, vehicles, drivers, routes, expiringThisMonth, outOfService: 1, hazards: watched.hazards, reminders: watched.reminders };
}
