
export function HealthPage() {
  return <div>HealthPage</div>;
}
