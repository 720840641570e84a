
export function RunDetailPage() {
  return <div>RunDetailPage</div>;
}
