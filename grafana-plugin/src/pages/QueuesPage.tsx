
export function QueuesPage() {
  return <div>QueuesPage</div>;
}
