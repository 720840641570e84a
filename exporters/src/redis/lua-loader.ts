// Reads the Lua commands the way BullMQ builds its scripts: one file per command named
// `<name>-<numberOfKeys>.lua`, where a line `--- @include "<name>"` is replaced by
// includes/<name>.lua (each include once per command, however often it is asked for).
// Files are read relative to this module, so tsx, vitest and node all find them.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export interface LuaCommand {
  /** The command's name (`deadLetter` for deadLetter-6.lua). */
  name: string;
  numberOfKeys: number;
  /** The script with its includes resolved. */
  lua: string;
}

export const COMMANDS_DIR = fileURLToPath(new URL('./commands/', import.meta.url));

const FILE_NAME = /^([a-zA-Z][a-zA-Z0-9]*)-(\d+)\.lua$/;
const INCLUDE = /^--- @include "([a-zA-Z0-9]+)"\s*$/gm;

/** Every command of a directory; throws on a file name without a key count or a missing include. */
export function loadCommands(dir: string = COMMANDS_DIR): LuaCommand[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.lua'))
    .sort()
    .map((file) => {
      const m = FILE_NAME.exec(file);
      if (!m) throw new Error(`${file}: a command file is named <name>-<numberOfKeys>.lua`);
      const lua = resolveIncludes(readFileSync(join(dir, file), 'utf8'), join(dir, 'includes'), new Set(), file);
      return { name: m[1]!, numberOfKeys: Number(m[2]), lua };
    });
}

function resolveIncludes(source: string, includesDir: string, included: Set<string>, from: string): string {
  return source.replace(INCLUDE, (_line, name: string) => {
    if (included.has(name)) return '';
    included.add(name);
    let body: string;
    try {
      body = readFileSync(join(includesDir, `${name}.lua`), 'utf8');
    } catch {
      throw new Error(`${from}: include "${name}" not found in ${includesDir}`);
    }
    return resolveIncludes(body, includesDir, included, `${name}.lua`).trimEnd();
  });
}
