import { Select } from 'antd';
import { useUnitsOfKind } from '../../api/queries';

/** The schools in the caller's scope, searchable by name. */
export function SchoolPicker({ value, onChange, allowClear = true, placeholder = '选择学校', style }: { value?: string; onChange: (id: string | undefined) => void; allowClear?: boolean; placeholder?: string; style?: React.CSSProperties }) {
  const schools = useUnitsOfKind('school');
  return (
    <Select
      style={{ minWidth: 220, ...style }}
      placeholder={placeholder}
      value={value}
      onChange={(v: string | undefined) => onChange(v)}
      allowClear={allowClear}
      options={(schools.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
      loading={schools.isPending}
      showSearch={{ optionFilterProp: 'label' }}
      data-testid="school-picker"
    />
  );
}
