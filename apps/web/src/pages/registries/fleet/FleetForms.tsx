import { useEffect, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Col, Drawer, Form, Input, InputNumber, Row, Select, Space } from 'antd';
import { BUS_LICENCE_CLASSES } from '@xiaoan/domain';
import { errorMessage } from '../../../api/client';
import { fleetApi, fleetKeys, useFleetList, type AttendantSummaryT, type BusRouteSummaryT, type DriverSummaryT, type VehicleSummaryT } from '../../../api/fleet';
import { DayPicker } from '../../../components/DayPicker';
import { useIsMobile } from '../../../lib/useIsMobile';

/*
 * The fleet's forms (the school admin's): a vehicle, a driver, an attendant, a route. Each is a
 * drawer (full width on a phone); the server's refusal (field: reason, in Chinese) shows on top.
 */

type Values = Record<string, unknown>;

function FormDrawer(p: { open: boolean; title: string; testId: string; onClose: () => void; initial: Values; save: (v: Values) => Promise<unknown>; children: ReactNode }) {
  const [form] = Form.useForm<Values>();
  const qc = useQueryClient();
  const isMobile = useIsMobile();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (p.open) {
      form.resetFields();
      form.setFieldsValue(p.initial);
      setError(null);
    }
  }, [p.open, p.initial, form]);
  const submit = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    setError(null);
    try {
      await p.save(v);
      await qc.invalidateQueries({ queryKey: fleetKeys.all });
      p.onClose();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Drawer
      open={p.open}
      onClose={p.onClose}
      title={p.title}
      size={isMobile ? '100%' : 620}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={p.onClose}>取消</Button>
          <Button type="primary" loading={saving} onClick={() => void submit()} data-testid={`${p.testId}-save`}>
            保存
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" data-testid={`${p.testId}-form`}>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid={`${p.testId}-error`} />}
        <Row gutter={12}>{p.children}</Row>
      </Form>
    </Drawer>
  );
}

const req = (message: string) => [{ required: true, message }];
const half = { xs: 24, sm: 12 };
const s = (v: unknown) => (typeof v === 'string' ? v : '');
const date = (v: unknown) => (typeof v === 'string' && v ? v : null);

export function VehicleFormDrawer({ open, record, onClose }: { open: boolean; record: VehicleSummaryT | null; onClose: () => void }) {
  const initial: Values = record ? { ...record } : { seats: 35 };
  const save = (v: Values) => {
    const body = {
      plate: s(v.plate),
      seats: Number(v.seats),
      model: s(v.model),
      operator: s(v.operator),
      licenceNo: s(v.licenceNo),
      licenceIssuedOn: date(v.licenceIssuedOn),
      licenceExpiresOn: date(v.licenceExpiresOn),
      inspectedOn: date(v.inspectedOn),
      inspectionDueOn: date(v.inspectionDueOn),
      insuranceStartsOn: date(v.insuranceStartsOn),
      insuranceExpiresOn: date(v.insuranceExpiresOn),
      gpsDeviceId: s(v.gpsDeviceId),
      note: s(v.note),
    };
    return record ? fleetApi.updateVehicle(record.id, { version: record.version, ...body }) : fleetApi.createVehicle(body);
  };
  return (
    <FormDrawer open={open} title={record ? `修改校车 ${record.plate}` : '登记校车'} testId="vehicle" onClose={onClose} initial={initial} save={save}>
      <Col {...half}><Form.Item name="plate" label="车牌号" rules={req('请填写车牌号')}><Input maxLength={20} placeholder="苏D·12345" data-testid="vehicle-plate" /></Form.Item></Col>
      <Col {...half}><Form.Item name="seats" label="核载人数" rules={req('请填写核载人数')}><InputNumber min={1} max={100} style={{ width: '100%' }} aria-label="核载人数" /></Form.Item></Col>
      <Col {...half}><Form.Item name="operator" label="运营单位" rules={req('请填写运营单位')}><Input maxLength={100} data-testid="vehicle-operator" /></Form.Item></Col>
      <Col {...half}><Form.Item name="model" label="车型"><Input maxLength={100} /></Form.Item></Col>
      <Col {...half}><Form.Item name="licenceNo" label="校车使用许可证号" rules={req('请填写许可证号')}><Input maxLength={100} data-testid="vehicle-licence-no" /></Form.Item></Col>
      <Col {...half}><Form.Item name="gpsDeviceId" label="卫星定位装置编号"><Input maxLength={100} /></Form.Item></Col>
      <Col {...half}><Form.Item name="licenceIssuedOn" label="许可发放日期" rules={req('请选择许可发放日期')}><DayPicker style={{ width: '100%' }} aria-label="许可发放日期" /></Form.Item></Col>
      <Col {...half}><Form.Item name="licenceExpiresOn" label="许可有效期至" rules={req('请选择许可有效期至')}><DayPicker style={{ width: '100%' }} aria-label="许可有效期至" /></Form.Item></Col>
      <Col {...half}><Form.Item name="inspectedOn" label="最近年检日期"><DayPicker style={{ width: '100%' }} aria-label="最近年检日期" /></Form.Item></Col>
      <Col {...half}><Form.Item name="inspectionDueOn" label="年检有效期至" rules={req('请选择年检有效期至')}><DayPicker style={{ width: '100%' }} aria-label="年检有效期至" /></Form.Item></Col>
      <Col {...half}><Form.Item name="insuranceStartsOn" label="保险起保日期"><DayPicker style={{ width: '100%' }} aria-label="保险起保日期" /></Form.Item></Col>
      <Col {...half}><Form.Item name="insuranceExpiresOn" label="保险有效期至" rules={req('请选择保险有效期至')}><DayPicker style={{ width: '100%' }} aria-label="保险有效期至" /></Form.Item></Col>
      <Col xs={24}><Form.Item name="note" label="备注"><Input.TextArea autoSize={{ minRows: 2 }} maxLength={500} /></Form.Item></Col>
    </FormDrawer>
  );
}

export function DriverFormDrawer({ open, record, onClose }: { open: boolean; record: (DriverSummaryT & { idNumber?: string }) | null; onClose: () => void }) {
  const initial: Values = record ? { ...record, idNumber: record.idNumber ?? '' } : { licenceClass: 'A1' };
  const save = (v: Values) => {
    const body = {
      name: s(v.name),
      idNumber: s(v.idNumber),
      phone: s(v.phone),
      licenceClass: s(v.licenceClass),
      licenceNo: s(v.licenceNo),
      licenceIssuedOn: date(v.licenceIssuedOn),
      licenceExpiresOn: date(v.licenceExpiresOn),
      qualificationNo: s(v.qualificationNo),
      qualificationIssuedOn: date(v.qualificationIssuedOn),
      qualificationExpiresOn: date(v.qualificationExpiresOn),
    };
    return record ? fleetApi.updateDriver(record.id, { version: record.version, ...body }) : fleetApi.createDriver(body);
  };
  return (
    <FormDrawer open={open} title={record ? `修改驾驶人 ${record.name}` : '登记校车驾驶人'} testId="driver" onClose={onClose} initial={initial} save={save}>
      <Col {...half}><Form.Item name="name" label="姓名" rules={req('请填写姓名')}><Input maxLength={50} /></Form.Item></Col>
      <Col {...half}><Form.Item name="idNumber" label="身份证号" rules={req('请填写身份证号')}><Input maxLength={18} /></Form.Item></Col>
      <Col {...half}><Form.Item name="phone" label="联系电话"><Input maxLength={30} /></Form.Item></Col>
      <Col {...half}><Form.Item name="licenceClass" label="准驾车型" rules={req('请选择准驾车型')}><Select aria-label="准驾车型" options={BUS_LICENCE_CLASSES.map((c) => ({ value: c, label: c }))} /></Form.Item></Col>
      <Col {...half}><Form.Item name="licenceNo" label="驾驶证号" rules={req('请填写驾驶证号')}><Input maxLength={100} /></Form.Item></Col>
      <Col {...half}><Form.Item name="licenceIssuedOn" label="初领日期" rules={req('请选择初领日期')}><DayPicker style={{ width: '100%' }} aria-label="驾驶证初领日期" /></Form.Item></Col>
      <Col {...half}><Form.Item name="licenceExpiresOn" label="驾驶证有效期至" rules={req('请选择驾驶证有效期至')}><DayPicker style={{ width: '100%' }} aria-label="驾驶证有效期至" /></Form.Item></Col>
      <Col {...half}><Form.Item name="qualificationNo" label="校车驾驶资格编号"><Input maxLength={100} /></Form.Item></Col>
      <Col {...half}><Form.Item name="qualificationIssuedOn" label="资格取得日期"><DayPicker style={{ width: '100%' }} aria-label="校车驾驶资格取得日期" /></Form.Item></Col>
      <Col {...half}><Form.Item name="qualificationExpiresOn" label="资格有效期至"><DayPicker style={{ width: '100%' }} aria-label="校车驾驶资格有效期至" /></Form.Item></Col>
    </FormDrawer>
  );
}

export function AttendantFormDrawer({ open, record, onClose }: { open: boolean; record: (AttendantSummaryT & { idNumber?: string }) | null; onClose: () => void }) {
  const initial: Values = record ? { ...record, idNumber: record.idNumber ?? '' } : {};
  const save = (v: Values) => {
    const body = { name: s(v.name), idNumber: s(v.idNumber), phone: s(v.phone), trainedOn: date(v.trainedOn) };
    return record ? fleetApi.updateAttendant(record.id, { version: record.version, ...body }) : fleetApi.createAttendant(body);
  };
  return (
    <FormDrawer open={open} title={record ? `修改照管员 ${record.name}` : '登记随车照管人员'} testId="attendant" onClose={onClose} initial={initial} save={save}>
      <Col {...half}><Form.Item name="name" label="姓名" rules={req('请填写姓名')}><Input maxLength={50} /></Form.Item></Col>
      <Col {...half}><Form.Item name="idNumber" label="身份证号" rules={req('请填写身份证号')}><Input maxLength={18} /></Form.Item></Col>
      <Col {...half}><Form.Item name="phone" label="联系电话"><Input maxLength={30} /></Form.Item></Col>
      <Col {...half}><Form.Item name="trainedOn" label="最近安全培训日期"><DayPicker style={{ width: '100%' }} aria-label="最近安全培训日期" /></Form.Item></Col>
    </FormDrawer>
  );
}

/** A route: its stops in order, and the vehicle, driver and attendant (the server refuses an out-of-service vehicle). */
export function RouteFormDrawer({ open, record, onClose }: { open: boolean; record: BusRouteSummaryT | null; onClose: () => void }) {
  const vehicles = useFleetList('vehicles', {}, 1, 200, open);
  const drivers = useFleetList('drivers', {}, 1, 200, open);
  const attendants = useFleetList('attendants', {}, 1, 200, open);
  const initial: Values = record
    ? { name: record.name, stops: record.stops, vehicleId: record.vehicle?.id, driverId: record.driver?.id, attendantId: record.attendant?.id }
    : { stops: [{ name: '', time: '07:00' }] };
  const save = (v: Values) => {
    const body = {
      name: s(v.name),
      stops: ((v.stops as { name?: string; time?: string }[] | undefined) ?? []).map((x) => ({ name: x?.name ?? '', time: x?.time ?? '' })),
      vehicleId: (v.vehicleId as string | undefined) ?? null,
      driverId: (v.driverId as string | undefined) ?? null,
      attendantId: (v.attendantId as string | undefined) ?? null,
    };
    return record ? fleetApi.updateRoute(record.id, { version: record.version, ...body }) : fleetApi.createRoute(body);
  };
  return (
    <FormDrawer open={open} title={record ? `修改线路 ${record.name}` : '新增校车线路'} testId="route" onClose={onClose} initial={initial} save={save}>
      <Col xs={24}><Form.Item name="name" label="线路名称" rules={req('请填写线路名称')}><Input maxLength={50} data-testid="route-name" /></Form.Item></Col>
      <Col xs={24} sm={8}>
        <Form.Item name="vehicleId" label="车辆">
          <Select allowClear aria-label="车辆" data-testid="route-vehicle" options={(vehicles.data?.items ?? []).map((x) => ({ value: x.id, label: `${x.plate}${x.status === 'out_of_service' ? '（停运）' : ''}` }))} />
        </Form.Item>
      </Col>
      <Col xs={24} sm={8}>
        <Form.Item name="driverId" label="驾驶人">
          <Select allowClear aria-label="驾驶人" data-testid="route-driver" options={(drivers.data?.items ?? []).map((x) => ({ value: x.id, label: `${x.name}${x.status === 'unfit' ? '（不得驾驶）' : ''}` }))} />
        </Form.Item>
      </Col>
      <Col xs={24} sm={8}>
        <Form.Item name="attendantId" label="随车照管人员">
          <Select allowClear aria-label="随车照管人员" options={(attendants.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }))} />
        </Form.Item>
      </Col>
      <Col xs={24}>
        <Form.List name="stops">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <Space key={f.key} align="baseline" style={{ display: 'flex', flexWrap: 'wrap' }}>
                  <Form.Item name={[f.name, 'name']} rules={req(`请填写第 ${i + 1} 站`)}>
                    <Input placeholder={`第 ${i + 1} 站站名`} aria-label={`第 ${i + 1} 站站名`} maxLength={50} data-testid="route-stop-name" />
                  </Form.Item>
                  <Form.Item name={[f.name, 'time']} rules={req('请填写到站时间')}>
                    <Input placeholder="07:00" aria-label={`第 ${i + 1} 站到站时间`} style={{ width: 90 }} maxLength={5} data-testid="route-stop-time" />
                  </Form.Item>
                  <Button onClick={() => remove(f.name)} aria-label={`删除第 ${i + 1} 站`}>删除</Button>
                </Space>
              ))}
              <Button onClick={() => add({ name: '', time: '' })} data-testid="route-add-stop">添加站点</Button>
            </>
          )}
        </Form.List>
      </Col>
    </FormDrawer>
  );
}
