import { Link } from 'react-router';
import type { Four100Code } from '@xiaoan/domain';
import { useFour100 } from '../../api/guards';
import { indicatorsLink, percent } from './four100Format';

const SHORT: Record<Four100Code, string> = { full_time_guards: '专职保安员', closed_campus: '封闭化管理', alarm_video: '报警与视频联网', escort_posts: '护学岗' };

/**
 * The four 100 % indicators in one line for the dashboard's heading (it adds no height on a
 * desktop): each rate opens the indicators page at that unit with its failing schools.
 */
export function Four100Strip({ unitId }: { unitId?: string }) {
  const q = useFour100(unitId);
  if (!q.data) return null;
  return (
    <span data-testid="dash-four100">
      {' · '}
      <Link to={indicatorsLink(unitId)} data-testid="dash-four100-link">
        四个100%
      </Link>
      ：
      {q.data.indicators.map((i, k) => (
        <span key={i.code}>
          {k > 0 && '，'}
          <Link to={indicatorsLink(unitId, i.rate < 1 ? i.code : undefined)} style={i.rate < 1 ? { color: '#cf1322' } : undefined} title={i.name}>
            {SHORT[i.code]} {percent(i.rate)}
          </Link>
        </span>
      ))}
    </span>
  );
}
