// One error shape for every failure, `{"error":{"code","message","field"?}}`, and one error
// class: the ops API throws it and the plugin's client rebuilds it from the answer.
import { z } from 'zod';

export const ApiErrorBodySchema = z.object({ error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }) });
export type ApiErrorBody = z.infer<typeof ApiErrorBodySchema>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }

  toBody(): ApiErrorBody {
    const body: ApiErrorBody = { error: { code: this.code, message: this.message } };
    if (this.field) body.error.field = this.field;
    return body;
  }
}
