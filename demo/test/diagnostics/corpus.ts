// The seeded corpus of the diagnostics test: for the tenant under report, at least 50 planted
// values of every kind the sanitizer must remove (valid ones: Luhn cards, checksummed IBANs,
// real JWT shapes), and for a second tenant its own markers that must never appear.
import { randomBytes } from 'node:crypto';

const b64url = (s: string) => Buffer.from(s).toString('base64url');
const rand = (n: number) => randomBytes(n).toString('hex').slice(0, n);

function luhnCard(i: number): string {
  const body = `4000${String(i).padStart(4, '0')}${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`; // 15 digits
  let sum = 0;
  for (let k = 0; k < 15; k++) {
    let d = Number(body[14 - k]);
    if (k % 2 === 0) d *= 2;
    sum += d > 9 ? d - 9 : d;
  }
  const digits = body + String((10 - (sum % 10)) % 10);
  return digits.replace(/(\d{4})(?=\d)/g, i % 2 ? '$1 ' : '$1');
}

function germanIban(i: number): string {
  const bban = `37040044${String(5320130000 + i * 7919).padStart(10, '0')}`;
  const numeric = `${bban}131400`; // D=13 E=14, check digits 00
  let mod = 0;
  for (const ch of numeric) mod = (mod * 10 + Number(ch)) % 97;
  const iban = `DE${String(98 - mod).padStart(2, '0')}${bban}`;
  return i % 2 ? iban.replace(/(.{4})(?=.)/g, '$1 ') : iban;
}

export interface Planted {
  email: string; phone: string; card: string; iban: string; ipv4: string; ipv6: string;
  bearer: string; jwt: string; urlKey: string; secret: string; name: string; street: string;
}

export const KINDS = ['email', 'phone', 'card', 'iban', 'ipv4', 'ipv6', 'bearer', 'jwt', 'urlKey', 'secret', 'name', 'street'] as const;

export function plant(i: number): Planted {
  const token = `tok${i}${rand(24)}`;
  const key = `key${i}${rand(20)}`;
  return {
    email: `customer.${i}.${rand(6)}@mail${i % 5}.example.com`,
    phone: i % 2 ? `(415) 555-${String(1000 + i).padStart(4, '0')}` : `+49 30 ${5550000 + i}`,
    card: luhnCard(i),
    iban: germanIban(i),
    ipv4: `10.${i}.${(i * 3) % 256}.${((i * 7) % 250) + 1}`,
    ipv6: `2001:db8:${(i + 16).toString(16)}::${(i + 1).toString(16)}:${rand(4)}`,
    bearer: token,
    jwt: `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url(`{"sub":"user-${i}-${rand(6)}","iat":1700000000}`)}.${randomBytes(32).toString('base64url')}`,
    urlKey: key,
    secret: `Pw${i}${rand(12)}`,
    name: `Plantedname${i}${rand(4)} Smith`,
    street: `${i} Plantedstreet ${rand(4)}`,
  };
}

/** A DLQ-bound payment's payload: structured PII fields and the same values in free text. */
export const paymentPayload = (p: Planted) => ({
  customer: { name: p.name, email: p.email, phone: p.phone, address: { street: p.street } },
  card: { number: p.card },
  iban: p.iban,
  ip: p.ipv4,
  device: `client at ${p.ipv6}`,
  note: `reach ${p.email} or ${p.phone}; token=${p.secret}`,
  callbackUrl: `https://api.pay.example/v1/charges?api_key=${p.urlKey}&currency=usd`,
  headers: `Authorization: Bearer ${p.bearer}`,
});

/** The error a failing attempt throws: every kind in text. */
export const paymentError = (p: Planted) =>
  `card ${p.card} declined for ${p.email} (${p.phone}) from ${p.ipv4} / ${p.ipv6}, iban ${p.iban}, session ${p.jwt}, via https://api.pay.example/v1/charges?api_key=${p.urlKey} with Bearer ${p.bearer} password=${p.secret}`;

export const requestError = (p: Planted) =>
  `checkout failed for ${p.email} card ${p.card} session ${p.jwt} Bearer ${p.bearer} upstream https://psp.example/charge?access_token=${p.urlKey} client ${p.ipv6} ${p.ipv4} tel ${p.phone} iban ${p.iban} secret=${p.secret}`;

export const MARKER = 'UMBRELLA-MARKER';
export const marker = (i: number) => `${MARKER}-${i}-${rand(6)}`;
