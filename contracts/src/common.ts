// Building blocks every resource uses: ids, epoch times, limits, reasons, the page envelope.
import { z } from 'zod';

export const IdSchema = z.string().min(1).max(200);
export const EpochMsSchema = z.coerce.number().int().nonnegative();
export const CursorSchema = z.string().max(500);
export const LimitSchema = z.coerce.number().int().min(1).max(500).default(50);

/** Why a person changes something: every mutation carries one into the audit log. */
export const ReasonSchema = z.string().trim().min(3, 'a reason of at least 3 characters is required').max(500);
export const ReasonBodySchema = z.object({ reason: ReasonSchema }).strict();

/** The list envelope: `{items, nextCursor}`; nextCursor is null on the last page. */
export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The unpaged list envelope: `{items}`. */
export const itemsOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
