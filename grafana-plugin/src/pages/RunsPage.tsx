
export function RunsPage() {
  return <div>RunsPage</div>;
}
