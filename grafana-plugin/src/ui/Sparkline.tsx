// A trend at a glance: one 1px polyline, no axes (the number beside it gives the scale).
import { COLORS } from '../theme/theme';

export interface SparklineProps {
  /** [x, y] pairs, x ascending (e.g. Prometheus [unix seconds, value]); non-finite values are skipped. */
  points: Array<[number, number]>;
  width?: number;
  height?: number;
  color?: string;
  /** Accessible description, e.g. "jobs per minute, last hour". */
  label?: string;
}

export function Sparkline({ points, width = 120, height = 24, color = COLORS.acid, label }: SparklineProps) {
  const path = toPolyline(points, width, height);
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} data-testid="sparkline" data-points={path.count}>
      {path.count > 0 && <polyline points={path.points} fill="none" stroke={color} strokeWidth={1} vectorEffect="non-scaling-stroke" />}
    </svg>
  );
}

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
