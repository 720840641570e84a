// Building blocks every resource uses: ids, epoch times, limits, reasons, the page envelope.
import { z } from 'zod';

/**
 * Text the audit store can hold: PostgreSQL text and jsonb refuse NUL, and jsonb an unpaired
 * surrogate (which text would silently turn into U+FFFD). Every string a mutation takes is one,
 * so the audit row that records it can always be written.
 */
export const TextSchema = z.string().regex(/^[^\0\p{Cs}]*$/u, 'NUL characters and unpaired surrogates are not allowed');
export const IdSchema = TextSchema.min(1).max(200);
export const EpochMsSchema = z.coerce.number().int().nonnegative();
export const CursorSchema = z.string().max(500);
export const LimitSchema = z.coerce.number().int().min(1).max(500).default(50);

/** Why a person changes something: every mutation carries one into the audit log. */
export const ReasonSchema = TextSchema.trim().min(3, 'a reason of at least 3 characters is required').max(500);
export const ReasonBodySchema = z.object({ reason: ReasonSchema }).strict();

/** The list envelope: `{items, nextCursor}`; nextCursor is null on the last page. */
export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The unpaged list envelope: `{items}`. */
export const itemsOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
