// A trend at a glance: one 1px polyline with its scale (the highest value; the floor is 0) beside
// it, and on hover a marker with the value and time of the nearest point.
import { css } from '@emotion/css';
import type React from 'react';
import { useState } from 'react';
import { COLORS, FONT_SIZE, MONO } from '../theme/theme';
import { formatDateTime } from './dateTime';

export interface SparklineProps {
  /** [x, y] pairs, x ascending (e.g. Prometheus [unix seconds, value]); non-finite values are skipped. */
  points: Array<[number, number]>;
  width?: number;
  height?: number;
  color?: string;
  /** Accessible description, e.g. "jobs per minute, last hour". */
  label?: string;
  /** How a value reads in the scale and the hover label. */
  formatValue?: (v: number) => string;
}

export function Sparkline({ points, width = 120, height = 24, color = COLORS.acid, label, formatValue = (v) => String(Number(v.toFixed(1))) }: SparklineProps) {
  const path = toPolyline(points, width, height);
  const pts = points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  const [hover, setHover] = useState<number>();
  const max = pts.length ? Math.max(0, ...pts.map((p) => p[1])) : undefined;
  const at = hover === undefined ? undefined : pts[hover];
  const onMove = (e: React.MouseEvent<SVGSVGElement>) => {
    if (pts.length === 0) return;
    const box = e.currentTarget.getBoundingClientRect();
    const share = box.width > 0 ? (e.clientX - box.left) / box.width : 0;
    setHover(Math.max(0, Math.min(pts.length - 1, Math.round(share * (pts.length - 1)))));
  };
  const markerX = at && pts.length > 1 ? (hover! / (pts.length - 1)) * (width - 1) + 0.5 : width / 2;
  return (
    <span className={styles.wrap}>
      <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} data-testid="sparkline" data-points={path.count} onMouseMove={onMove} onMouseLeave={() => setHover(undefined)}>
        {/* the floor (0): the scale's bottom line */}
        <line x1={0} x2={width} y1={height - 0.5} y2={height - 0.5} stroke={COLORS.border} strokeWidth={1} />
        {path.count > 0 && <polyline points={path.points} fill="none" stroke={color} strokeWidth={1} vectorEffect="non-scaling-stroke" />}
        {at && <line x1={markerX} x2={markerX} y1={0} y2={height} stroke={COLORS.text} strokeWidth={1} data-testid="sparkline-marker" />}
      </svg>
      <span className={styles.scale} data-testid="sparkline-scale" title="highest value shown (the bottom line is 0)">
        {at ? `${formatValue(at[1])} @ ${formatDateTime(at[0] * 1000).slice(11, 16)}` : max === undefined ? '' : `max ${formatValue(max)}`}
      </span>
    </span>
  );
}

const styles = {
  wrap: css`
    display: inline-flex;
    align-items: center;
    gap: 6px;
  `,
  scale: css`
    min-width: 84px;
    font-family: ${MONO};
    font-size: ${FONT_SIZE.label};
    color: ${COLORS.muted};
    white-space: nowrap;
  `,
};

/**
 * Scales the points into the box. The y axis starts at 0 (or the lowest value when negative), so
 * an idle queue lies on the bottom line instead of looking average; strokes sit on half pixels to stay crisp.
 */
export function toPolyline(raw: Array<[number, number]>, width: number, height: number): { points: string; count: number } {
  const pts = raw.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  if (pts.length === 0) return { points: '', count: 0 };
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = [Math.min(0, ...ys), Math.max(...ys)];
  const sx = (x: number) => (x1 === x0 ? width / 2 : ((x - x0) / (x1 - x0)) * (width - 1) + 0.5);
  const sy = (y: number) => (y1 === y0 ? height - 0.5 : height - 0.5 - ((y - y0) / (y1 - y0)) * (height - 1));
  const fmt = (n: number) => Number(n.toFixed(2));
  // A single point still draws: a level line across the box.
  if (pts.length === 1) return { points: `0.5,${fmt(sy(pts[0]![1]))} ${width - 0.5},${fmt(sy(pts[0]![1]))}`, count: 1 };
  return { points: pts.map(([x, y]) => `${fmt(sx(x))},${fmt(sy(y))}`).join(' '), count: pts.length };
}
