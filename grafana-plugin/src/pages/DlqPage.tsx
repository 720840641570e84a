
export function DlqPage() {
  return <div>DlqPage</div>;
}
