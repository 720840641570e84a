// What a merchant may read but support should not: payment credentials, API keys, secrets. A
// support session's JSON answers pass through here, so a platform route cannot forget to mask.
const SENSITIVE = /(secret|password|passwd|apikey|accesskey|token|credential|cardnumber|cvc|cvv|iban|privatekey|signingkey|webhookkey)/;

export const MASK = '•••• hidden in support mode';

/** True for a field name that holds a credential (`api_key`, `stripeSecretKey`, `card-number`…). */
export const isSensitiveKey = (key: string): boolean => SENSITIVE.test(key.toLowerCase().replace(/[-_\s]/g, ''));

/** A copy of `value` with every sensitive field's value replaced by MASK, at any depth. */
export function maskSensitive(value: unknown, sensitive: (key: string) => boolean = isSensitiveKey, depth = 0): unknown {
  if (depth > 32 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => maskSensitive(v, sensitive, depth + 1));
  return Object.fromEntries(
    // A credential is a value; a field named like one that holds a list or an object (`apiKeys`) is looked into.
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, sensitive(k) && (typeof v === 'string' || typeof v === 'number') && v !== '' ? MASK : maskSensitive(v, sensitive, depth + 1)]),
  );
}
