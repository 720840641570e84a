// The status colours every Trafi Ops surface uses (the plugin's theme and the provisioned
// dashboards), in one place so "warning" is one colour everywhere. Acid Lime (#CCFF00) is not
// among them: in the plugin it means "action".
export const STATUS_PALETTE = {
  ok: '#00FF94',
  warn: '#FFB800',
  bad: '#FF3366',
  neutral: '#6B7280',
  info: '#3B82F6',
} as const;
