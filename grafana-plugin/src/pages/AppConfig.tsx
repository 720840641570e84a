
export function AppConfig() {
  return <div>config</div>;
}
