// Opaque pagination cursors over our sorted-set indexes: the position (member, score) of the last
// member examined; the next page starts strictly after it, whether or not that member is still there.

export class InvalidCursorError extends Error {
  readonly field = 'cursor';
  constructor() {
    super('cursor is not valid (pass back the nextCursor of a previous page)');
  }
}

export interface IndexCursor {
  member: string;
  score: string;
}

export function encodeCursor(c: IndexCursor): string {
  return Buffer.from(JSON.stringify([c.member, c.score])).toString('base64url');
}

export function decodeCursor(raw: string | undefined): IndexCursor | undefined {
  if (raw === undefined || raw === '') return undefined;
  try {
    const v = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && v[0].includes(':') && /^-?\d+(\.\d+)?$/.test(String(v[1]))) {
      return { member: v[0], score: String(v[1]) };
    }
  } catch {
    // fall through
  }
  throw new InvalidCursorError();
}
