// Module resolution hook of the test-only k6 adapter: `k6`, `k6/http` and `k6/metrics` in a
// script resolve to the adapter's implementations (everything else resolves as usual).
const modules = { k6: 'k6.ts', 'k6/http': 'k6-http.ts', 'k6/metrics': 'k6-metrics.ts' };

export async function resolve(specifier, context, next) {
  const file = modules[specifier];
  if (file) return next(new URL(`./modules/${file}`, import.meta.url).href, context); // tsx's resolve and load take it from here
  if (specifier.startsWith('k6/')) throw new Error(`the k6 adapter does not implement ${specifier}`);
  return next(specifier, context);
}
