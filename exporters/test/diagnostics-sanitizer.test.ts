// The report sanitizer: every text pattern with values it must replace and look-alikes it must
// leave (so reports stay readable), the field-path layer, and stable pseudonyms.
import { describe, expect, test } from 'vitest';
import { Sanitizer } from '../src/diagnostics/sanitizer/sanitizer.ts';

const redacted = (text: string) => new Sanitizer().text(text);

describe.each([
  ['email', ['jane.doe+tag@example.com', 'a.b@sub.mail.example.co.uk'], ['user@localhost', 'version@2', 'email me at example dot com']],
  ['phone', ['+49 30 12345678', '+1 415 555 0132', '(415) 555-0132', '030 1234 5678', '0044 20 7946 0958'], ['order 12345', 'took 250 ms', '2026-12-01', '+12 items']],
  ['card', ['4111 1111 1111 1111', '4111-1111-1111-1111', '5500005555555559', '378282246310005'], ['4111 1111 1111 1112', '1234567890123', '1733097600000']],
  ['iban', ['DE89 3704 0044 0532 0130 00', 'GB82WEST12345698765432', 'FR1420041010050500013M02606'], ['DE00 1234 5678 9012 3456 78', 'AB12345678901234']],
  ['ip', ['192.168.1.20', '10.0.0.1', '2001:db8::8a2e:370:7334', '::1', 'fe80::1ff:fe23:4567:890a'], ['1.2.3', '999.1.1.1', '12:30:45', 'v1.2.3.4a']],
  ['token', ['Bearer abcdefgh12345678XYZ', 'Authorization: Token 9f8e7d6c5b4a39281706'], ['Bearer of bad news', 'a token']],
  ['jwt', ['eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'], ['eyJhbGciOi.only-two']],
  ['secret', ['https://api.example.com/v1?api_key=abc123secret&page=2', 'https://bob:hunter22@db.example.com/x', 'password=Sup3rS3cret!', '"client_secret": "s3cr3t-value"', 'token: 0123abcd', 'sk_live_abcdefghijklmnop', 'AKIAIOSFODNN7EXAMPLE'], ['https://api.example.com/v1?page=2', 'password reset requested', 'the secret sauce']],
] as const)('%s', (kind, hits, misses) => {
  test.each(hits)(`replaces %s`, (value) => {
    const out = redacted(`before ${value} after`);
    expect(out).toMatch(new RegExp(`<${kind}-1>`));
    // What is left of the value (a key name, "Bearer") is never the secret part.
    expect(out.includes(value)).toBe(false);
  });
  test.each(misses)(`leaves %s`, (value) => {
    expect(redacted(`before ${value} after`)).not.toMatch(new RegExp(`<${kind}-\\d+>`));
  });
});

test('a secret in a URL keeps the URL readable: only the secret part is replaced', () => {
  expect(redacted('GET https://api.example.com/v1?api_key=abc123secret&page=2')).toBe('GET https://api.example.com/v1?api_key=<secret-1>&page=2');
  expect(redacted('https://bob:hunter22@db.example.com/x')).toBe('https://<secret-1>@db.example.com/x');
  expect(redacted('Authorization: Bearer abcdefgh12345678XYZ')).toBe('Authorization: Bearer <token-1>');
});

test('an IBAN run swallowing the next word is cut back to the valid IBAN', () => {
  expect(redacted('iban DE89 3704 0044 0532 0130 00 OK')).toBe('iban <iban-1> OK');
});

test('pseudonyms are stable within a report and distinct per value; a new report starts over', () => {
  const s = new Sanitizer();
  expect(s.text('a@x.io b@x.io a@x.io')).toBe('<email-1> <email-2> <email-1>');
  expect(s.value({ note: 'mail a@x.io' })).toEqual({ note: 'mail <email-1>' });
  expect(new Sanitizer().text('b@x.io')).toBe('<email-1>');
  expect(s.summary()).toEqual({ total: 4, byKind: { email: 4 }, distinct: { email: 2 } });
});

test('field paths: known PII fields are replaced whole, whatever their value looks like, at any depth and in arrays', () => {
  const s = new Sanitizer();
  const out = s.value({
    customer: { firstName: 'Jane', last_name: 'Doe', address: { street: 'Main 1', city: 'Springfield' }, email: 'jane@x.io' },
    items: [{ sku: 'tee-01', cardNumber: 'not even digits' }],
    headers: { Authorization: 'whatever', 'x-request-id': 'req-1' },
    password: 12345,
    plan: 'pro',
  });
  expect(out).toEqual({
    customer: { firstName: '<name-1>', last_name: '<name-2>', address: '<address-1>', email: '<email-1>' },
    items: [{ sku: 'tee-01', cardNumber: '<card-1>' }],
    headers: { Authorization: '<secret-1>', 'x-request-id': 'req-1' },
    password: '<secret-2>',
    plan: 'pro',
  });
  // Sanitizing again changes nothing (a report's parts are sanitized, then the whole).
  expect(s.value(out)).toEqual(out);
  // Keys are text too.
  expect(s.value({ 'jane@x.io': 1 })).toEqual({ '<email-1>': 1 });
});

test("a person's name is PII by its path, an integration's name is not", () => {
  expect(new Sanitizer().value({ contact: { name: 'Jane Doe' }, customers: [{ name: 'John Roe' }], integrations: [{ name: 'stripe' }], store: { name: 'Main store' } })).toEqual({
    contact: { name: '<name-1>' }, customers: [{ name: '<name-2>' }], integrations: [{ name: 'stripe' }], store: { name: 'Main store' },
  });
});

test('extra PII fields come from configuration', () => {
  expect(new Sanitizer({ fields: { loyaltyid: 'pii' } }).value({ loyalty_id: 'L-1', other: 'L-2' })).toEqual({ loyalty_id: '<pii-1>', other: 'L-2' });
});
