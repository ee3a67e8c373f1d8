import { Typography } from 'antd';
import { formatInstant } from '../../format.js';
import { useI18n } from '../../i18n/context.js';
import { boundsOf, projection, type LatLng } from './projection.js';
import type { Area } from './rules.js';

export interface Fix extends LatLng {
  eventId: string;
  at: string;
  kind: string;
}

const BOX = { width: 720, height: 420, padding: 24 };
const EVENT_COLOR: Record<string, string> = { power_cut: '#fa541c', tamper: '#f5222d', offline: '#8c8c8c' };

/**
 * The track on a plain SVG (no tiles): the path in time order, each fix a dot (tamper and power-cut
 * events in red), the latest fix ringed, and the risk zones and permitted regions as polygons. The
 * view fits the track; zones outside it are cut off by the box rather than shrinking the track.
 */
export function TrackMap({ fixes, areas }: { fixes: readonly Fix[]; areas: readonly Area[] }) {
  const { t, lang } = useI18n();
  const ordered = [...fixes].sort((a, b) => a.at.localeCompare(b.at));
  const bounds = boundsOf(ordered.length > 0 ? ordered : areas.flatMap((a) => a.ring));
  if (!bounds) return <Typography.Text type="secondary">{t('risk.track.noFixes')}</Typography.Text>;
  const { project, widthKm } = projection(bounds, BOX);
  const path = ordered.map((f) => project(f)).map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
  const latest = ordered.at(-1);
  return (
    <div>
      <svg data-testid="track-map" viewBox={`0 0 ${BOX.width} ${BOX.height}`} style={{ width: '100%', maxWidth: BOX.width, background: '#f5f7fa', border: '1px solid #d9d9d9', borderRadius: 6 }} role="img" aria-label={t('risk.track.map')}>
        {areas.map((a) => (
          <polygon
            key={`${a.rule}/${a.code}`}
            data-testid={a.kind === 'zone' ? 'track-zone' : 'track-region'}
            points={a.ring.map((p) => project(p)).map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ')}
            fill={a.kind === 'zone' ? 'rgba(245,34,45,0.12)' : 'none'}
            stroke={a.kind === 'zone' ? '#f5222d' : '#52c41a'}
            strokeDasharray={a.kind === 'region' ? '6 4' : undefined}
          >
            <title>{a.name ? (lang === 'zh-CN' ? a.name.zh : a.name.en) : `${t('risk.track.region')} ${a.code}`}</title>
          </polygon>
        ))}
        {ordered.length > 1 && <path d={path} fill="none" stroke="#1677ff" strokeWidth={2} strokeOpacity={0.6} />}
        {ordered.map((f) => {
          const p = project(f);
          return (
            <circle key={f.eventId} data-testid="track-point" cx={p.x} cy={p.y} r={EVENT_COLOR[f.kind] ? 5 : 3} fill={EVENT_COLOR[f.kind] ?? '#1677ff'}>
              <title>{`${formatInstant(f.at)} ${t(`risk.event.${f.kind as 'position'}`)}`}</title>
            </circle>
          );
        })}
        {latest && <circle data-testid="track-latest" cx={project(latest).x} cy={project(latest).y} r={9} fill="none" stroke="#f5222d" strokeWidth={2} />}
      </svg>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('risk.track.scale', { km: widthKm < 10 ? widthKm.toFixed(1) : Math.round(widthKm) })}
      </Typography.Text>
    </div>
  );
}
