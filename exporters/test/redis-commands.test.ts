// The Redis command layer itself: every Lua file documents its input and keeps to its
// KEYS, includes resolve once, no key is built from ARGV; and the wrappers' behaviour
// the feature tests do not reach (one run state for scan and get, the priority cap).
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { MAX_PRIORITY, RedisCommands } from '../src/redis/commands.ts';
import { Keys } from '../src/redis/keys.ts';
import { COMMANDS_DIR, loadCommands } from '../src/redis/lua-loader.ts';
import { dropPrefix, redisFor, uniquePrefix } from './helpers.ts';

const INCLUDES_DIR = join(COMMANDS_DIR, 'includes');
const commandFiles = readdirSync(COMMANDS_DIR).filter((f) => f.endsWith('.lua'));
const includeFiles = readdirSync(INCLUDES_DIR).filter((f) => f.endsWith('.lua'));
const commands = loadCommands();

const header = (lua: string) => /^--\[\[([\s\S]*?)\]\]/.exec(lua)?.[1];
const indexes = (text: string, of: 'KEYS' | 'ARGV') => [...text.matchAll(new RegExp(`${of}\\[(\\d+)\\]`, 'g'))].map((m) => Number(m[1]));
/** KEYS[i] lines of a header: `KEYS[3] ...` at the start of a line. */
const headerKeys = (h: string) => [...h.matchAll(/^\s*KEYS\[(\d+)\]/gm)].map((m) => Number(m[1]));

describe('the Lua files', () => {
  test.each(commandFiles)('%s starts with an input header whose KEYS match its file name', (file) => {
    const n = Number(/-(\d+)\.lua$/.exec(file)![1]);
    const lua = readFileSync(join(COMMANDS_DIR, file), 'utf8');
    const h = header(lua);
    expect(h, 'a --[[ ]] header first').toBeDefined();
    expect(headerKeys(h!)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    expect(h).toMatch(/Input:/);
    expect(h).toMatch(/Output:/);
    const body = lua.slice(h!.length);
    for (const i of indexes(body, 'ARGV')) expect(h, `ARGV[${i}] described`).toMatch(new RegExp(`^\\s*ARGV\\[${i}\\]`, 'm'));
    if (body.includes('ARGV')) expect(h).toContain('ARGV[');
  });

  test.each(commands.map((c) => [c.name, c] as const))('%s uses exactly its KEYS, includes resolved', (_name, c) => {
    const used = new Set(indexes(c.lua, 'KEYS'));
    expect([...used].sort((a, b) => a - b)).toEqual(Array.from({ length: c.numberOfKeys }, (_, i) => i + 1));
    expect(c.lua).not.toMatch(/@include/);
  });

  test.each(includeFiles)('include %s has a header and takes everything as parameters', (file) => {
    const lua = readFileSync(join(INCLUDES_DIR, file), 'utf8');
    expect(header(lua)).toBeDefined();
    expect(lua).not.toMatch(/\b(KEYS|ARGV)\b/);
    expect(lua).toContain(`local function ${file.replace(/\.lua$/, '')}(`);
    expect(commands.some((c) => c.lua.includes(`local function ${file.replace(/\.lua$/, '')}(`)), 'used by a command').toBe(true);
  });

  test.each(commands.map((c) => [c.name, c] as const))('%s builds no key from ARGV: every key starts from KEYS', (_name, c) => {
    const code = withoutComments(c.lua);
    expect(code, 'no prefix rebuilt in Lua').not.toMatch(/\bprefix\b/);
    const trace = keyOrigins(code);
    for (const key of keyExpressions(code)) {
      expect(key, 'a key expression').not.toContain('ARGV');
      expect(trace(key), `${key} comes from KEYS`).toBe(true);
    }
  });

  test('MAX_PRIORITY is not a literal in the Lua', () => {
    for (const c of commands) expect(c.lua).not.toContain(String(MAX_PRIORITY));
  });
});

describe('the loader', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lua-loader-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (files: Record<string, string>) => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(join(dir, 'includes'), { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  };

  test('an include is pulled once per command however often asked, nested ones too', () => {
    write({
      'twice-1.lua': '--- @include "a"\n--- @include "b"\n--- @include "a"\nreturn b()\n',
      'includes/a.lua': 'local function a() return 1 end\n',
      'includes/b.lua': '--- @include "a"\nlocal function b() return a() end\n',
    });
    const [c] = loadCommands(dir);
    expect(c).toMatchObject({ name: 'twice', numberOfKeys: 1 });
    expect(c!.lua.match(/local function a\(/g)).toHaveLength(1);
    expect(c!.lua.match(/local function b\(/g)).toHaveLength(1);
  });

  test('a missing include or a file name without its key count fails at load', () => {
    write({ 'broken-0.lua': '--- @include "nowhere"\nreturn 1\n' });
    expect(() => loadCommands(dir)).toThrow(/include "nowhere" not found/);
    write({ 'nokeys.lua': 'return 1\n' });
    expect(() => loadCommands(dir)).toThrow(/<name>-<numberOfKeys>\.lua/);
  });
});

describe('the wrappers, on real Redis', () => {
  const redis = redisFor();
  const prefix = uniquePrefix();
  const keys = new Keys(prefix);
  const cmd = new RedisCommands(redis, keys);
  afterAll(async () => {
    await dropPrefix(redis, prefix);
    redis.disconnect();
  });

  test('registering twice on one connection is harmless', async () => {
    const again = new RedisCommands(redis, keys);
    expect(await again.fairDone({ queue: 'q', jobId: 'gone' })).toBe(false);
    expect(await redis.hget(keys.fair('q'), 't')).toBeNull();
  });

  test('one run state: the runs scan and getRun agree for every state', async () => {
    const q = 'states';
    const expected = { w: 'waiting', a: 'active', d: 'delayed', c: 'completed', f: 'failed', x: 'dead_lettered' } as const;
    let score = 1;
    for (const id of Object.keys(expected)) {
      await redis.hset(keys.job(q, id), 'name', 'demo.job', 'data', '{"p":{},"c":{"tenantId":"t1"}}');
      await redis.zadd(keys.runs, score++, `${q}:${id}`);
    }
    await redis.set(`${keys.job(q, 'a')}:lock`, 'token');
    await redis.zadd(keys.queueKey(q, 'delayed'), 1, 'd');
    await redis.zadd(keys.queueKey(q, 'completed'), 1, 'c');
    await redis.zadd(keys.queueKey(q, 'failed'), 1, 'f');
    await redis.hset(keys.job(q, 'x'), 'dlq', '1');

    const scan = await cmd.scanIndex({ index: keys.runs, mode: 'runs', limit: 10, budget: 100 });
    const scanned = Object.fromEntries(scan.members.map((m, i) => [m.slice(q.length + 1), scan.states[i]]));
    expect(scanned).toEqual(expected);
    expect(scan.next).toBeNull();
    for (const [id, state] of Object.entries(expected)) {
      const run = await cmd.getRun({ queue: q, jobId: id });
      expect(run?.state).toBe(state);
      expect(run?.hash.name).toBe('demo.job');
    }
    expect(await cmd.getRun({ queue: q, jobId: 'gone' })).toBeNull();

    const filtered = await cmd.scanIndex({ index: keys.runs, mode: 'runs', limit: 10, budget: 100, state: 'delayed', tenant: 't1' });
    expect(filtered.members).toEqual([`${q}:d`]);
  });

  test('a requeue into an isolated queue caps the fair priority at MAX_PRIORITY (from TypeScript)', async () => {
    const q = 'capped';
    const member = `${q}:j1`;
    await redis.hset(keys.job(q, 'j1'), 'name', 'demo.job', 'dlqTenant', 't1', 'dlq', '5', 'priority', '3');
    await redis.zadd(keys.dlqAll, 5, member);
    await redis.zadd(keys.dlqByQueue(q), 5, member);
    await redis.hset(keys.fair(q), 't1', String(MAX_PRIORITY));

    expect(await cmd.dlqRequeue({ members: [member, `${q}:absent`], isolatedQueues: [q], now: 10 })).toBe(1);
    expect(await redis.hget(keys.job(q, 'j1'), 'priority')).toBe(String(MAX_PRIORITY));
    const [, score] = await redis.zrange(keys.queueKey(q, 'prioritized'), '0', '0', 'WITHSCORES');
    expect(Math.floor(Number(score) / 0x100000000)).toBe(MAX_PRIORITY);
    expect(await redis.zscore(keys.runs, member)).toBe('10');
    expect(await redis.zcard(keys.dlqByQueue(q))).toBe(0);
  });

  test('events flush: counts add up, first receipt only moves back, last only forward', async () => {
    const field = 'store-1\tpage_view';
    await cmd.eventsFlush({ counts: [{ field, count: 2, firstAt: 100, lastAt: 200 }] });
    await cmd.eventsFlush({ counts: [{ field, count: 3, firstAt: 150, lastAt: 180 }] });
    await cmd.eventsFlush({ counts: [{ field, count: 1, firstAt: 50, lastAt: 300 }] });
    expect(await redis.hget(keys.events('total'), field)).toBe('6');
    expect(await redis.hget(keys.events('first'), field)).toBe('50');
    expect(await redis.hget(keys.events('last'), field)).toBe('300');
  });
});

const withoutComments = (lua: string) => lua.replace(/--\[\[[\s\S]*?\]\]/g, '').replace(/--.*$/gm, '');

/** The first argument of every redis.call: the key it touches (true of every command used here). */
function keyExpressions(lua: string): string[] {
  return [...lua.matchAll(/redis\.call\('[A-Z]+',\s*([^,)]+)/g)].map((m) => m[1]!.trim());
}

/** Whether a key expression starts from KEYS: directly, through locals assigned from KEYS,
 *  or through an include function's parameter (the include test keeps KEYS and ARGV out of those). */
function keyOrigins(lua: string): (expr: string) => boolean {
  const locals = new Map<string, string[]>();
  for (const m of lua.matchAll(/^\s*local\s+([\w\s,]+?)\s*=\s*(.+)$/gm)) {
    const names = m[1]!.split(',').map((s) => s.trim());
    const exprs = splitTopLevel(m[2]!);
    names.forEach((name, i) => locals.set(name, [...(locals.get(name) ?? []), exprs.length === 1 ? exprs[0]! : (exprs[i] ?? '')]));
  }
  const params = new Set([...lua.matchAll(/local function \w+\(([^)]*)\)/g)].flatMap((m) => m[1]!.split(',').map((s) => s.trim())));
  const fromKeys = (expr: string, seen = new Set<string>()): boolean => {
    const lead = expr.split('..')[0]!.trim();
    if (/^KEYS\[\d+\]$/.test(lead)) return true;
    if (params.has(lead)) return true;
    if (seen.has(lead) || !locals.has(lead)) return false;
    seen.add(lead);
    return locals.get(lead)!.every((e) => fromKeys(e, seen));
  };
  return (expr) => fromKeys(expr);
}

function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = '';
  let cur = '';
  for (const ch of s) {
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === "'" || ch === '"') quote = ch;
    else if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    else if (ch === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
      continue;
    }
    cur += ch;
  }
  out.push(cur.trim());
  return out;
}
