// The test-only k6 adapter: runs the plain k6 scripts of k6/ in Node (there is no k6 binary
// here) and pushes their results with k6's series names through Prometheus remote write.
export { runK6Once, startK6Schedule, type K6Run, type K6ScheduleOptions } from './schedule.ts';
export const K6_DIR = new URL('..', import.meta.url).pathname;
