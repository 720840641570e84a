// The second layer: patterns over every string that reaches a report. Each detector finds
// candidates with a regular expression and confirms them with validator.js where it has a
// check (Luhn for cards, the IBAN checksum, IP syntax, JWT shape, e-mail syntax), so order ids,
// timestamps and version numbers stay readable. Order matters: secrets first (a JWT holds
// dots and digits), then the structured numbers, phones last (they are the loosest).
import validator from 'validator';

export interface TextDetector {
  kind: string;
  pattern: RegExp;
  /** The part of a match to replace (default: all of it) and whether it is really one. */
  pick?: (m: RegExpExecArray) => { start: number; value: string } | null;
}

const digits = (s: string) => s.replace(/\D/g, '');
const whole = (test: (v: string) => boolean) => (m: RegExpExecArray) => (test(m[0]) ? { start: 0, value: m[0] } : null);
/** Replace only a capture group (the secret after its name). */
const group = (n: number) => (m: RegExpExecArray) => {
  const value = m[n];
  if (!value) return null;
  return { start: m[0].lastIndexOf(value), value };
};

/** The longest prefix of an IBAN-looking run that passes the checksum (the run may swallow a following word). */
function iban(m: RegExpExecArray): { start: number; value: string } | null {
  for (let end = m[0].length; end >= 15; end--) {
    const candidate = m[0].slice(0, end);
    if (/\s$/.test(candidate)) continue;
    if (validator.isIBAN(candidate.replace(/\s/g, ''))) return { start: 0, value: candidate };
  }
  return null;
}

const SECRET_NAMES = String.raw`(?:api[_-]?key|apikey|access[_-]?key|secret(?:[_-]?key)?|client[_-]?secret|password|passwd|pwd|pass|token|access[_-]?token|refresh[_-]?token|auth(?:[_-]?token)?|private[_-]?key|signature|sig|session(?:[_-]?id)?|webhook[_-]?secret)`;

export const TEXT_DETECTORS: TextDetector[] = [
  { kind: 'jwt', pattern: /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]+/g, pick: whole((v) => validator.isJWT(v)) },
  { kind: 'token', pattern: /\b(?:Bearer|Token|Basic)\s+([A-Za-z0-9._~+/=-]{8,})/gi, pick: group(1) },
  // user:password@ in a URL
  { kind: 'secret', pattern: /\b[a-z][a-z0-9+.-]*:\/\/([^\s/:@]+:[^\s/@]+)@/gi, pick: group(1) },
  // ?api_key=… in a URL, api_key=…, "password": "…", secret: … in text
  { kind: 'secret', pattern: new RegExp(String.raw`(?:[?&;]|\b)${SECRET_NAMES}["']?\s*[=:]\s*["']?([^\s"'&,;<>)}\]]{3,})`, 'gi'), pick: group(1) },
  // well-known key shapes (Stripe, AWS, GitHub, Slack)
  { kind: 'secret', pattern: /\b(?:(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{10,}|AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{20,}|xox[abporsc]-[A-Za-z0-9-]{10,})\b/g },
  { kind: 'email', pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g, pick: whole((v) => validator.isEmail(v, { allow_utf8_local_part: false })) },
  { kind: 'iban', pattern: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}/g, pick: iban },
  { kind: 'card', pattern: /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g, pick: whole((v) => validator.isLuhnNumber(digits(v)) && digits(v).length >= 13) },
  { kind: 'ip', pattern: /(?<![\w:.])(?:[A-Fa-f0-9]{0,4}:){2,7}[A-Fa-f0-9]{0,4}(?:%\w+)?(?![\w:])/g, pick: whole((v) => /[A-Fa-f0-9]/.test(v) && validator.isIP(v, 6)) },
  { kind: 'ip', pattern: /(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.]*\d)/g, pick: whole((v) => validator.isIP(v, 4)) },
  // International (+49 30 1234567, 0049…) and formatted national numbers ((415) 555-0132, 030 1234 5678).
  { kind: 'phone', pattern: /(?<![\w+<])(?:(?:\+|00)[1-9]\d{0,2}[\s.-]?(?:\(\d{1,4}\)[\s.-]?)?\d[\d\s.-]{5,14}\d|\(\d{3}\)\s?\d{3}[\s.-]\d{4}|\b0\d{1,4}[\s/.-]\d{3,4}[\s.-]?\d{3,5})(?![\w>])/g, pick: whole((v) => digits(v).length >= 8 && digits(v).length <= 15) },
];

/** Replaces every confirmed match of every detector with what `replace` gives for it. */
export function redactText(text: string, replace: (kind: string, value: string) => string, detectors: TextDetector[] = TEXT_DETECTORS): string {
  let out = text;
  for (const d of detectors) {
    d.pattern.lastIndex = 0;
    let result = '';
    let last = 0;
    for (let m = d.pattern.exec(out); m; m = d.pattern.exec(out)) {
      if (m[0].length === 0) {
        d.pattern.lastIndex++;
        continue;
      }
      const hit = d.pick ? d.pick(m) : { start: 0, value: m[0] };
      if (!hit) continue;
      const at = m.index + hit.start;
      result += out.slice(last, at) + replace(d.kind, hit.value);
      last = at + hit.value.length;
    }
    out = result + out.slice(last);
  }
  return out;
}
