import { DatePicker } from 'antd';
import dayjs from 'dayjs';
import { useIsMobile } from '../lib/useIsMobile';

/**
 * A calendar day as the API speaks it ('YYYY-MM-DD' in, 'YYYY-MM-DD' or '' out), picked with
 * antd's DatePicker in Chinese (the ConfigProvider's zh_CN) instead of the browser's own
 * date input, which shows its locale's format ("mm/dd/yyyy"). Works inside a Form.Item
 * (value / onChange) or on its own.
 */
export function DayPicker({
  value,
  onChange,
  id,
  style,
  placeholder = '选择日期',
  'aria-label': ariaLabel,
}: {
  value?: string | null;
  onChange?: (day: string) => void;
  id?: string;
  style?: React.CSSProperties;
  placeholder?: string;
  'aria-label'?: string;
}) {
  const isMobile = useIsMobile();
  return (
    <DatePicker
      id={id}
      aria-label={ariaLabel}
      style={style}
      placeholder={placeholder}
      inputReadOnly={isMobile}
      value={value ? dayjs(value) : null}
      format="YYYY-MM-DD"
      onChange={(d) => onChange?.(d ? d.format('YYYY-MM-DD') : '')}
    />
  );
}
