// The merchant's identity as the platform vouches for it: a short-lived JWS the platform signs
// with its own private key (sent as X-Merchant-Assertion with its `platform` bearer token). The
// ops API verifies it with the platform's public key and acts only on the tenant it names; an
// unsigned, foreign-signed, stale or malformed claim is refused, whatever the bearer token.
import type { KeyObject } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import { MerchantClaimsSchema, type MerchantClaims } from '@trafi-ops/contracts';
import { algorithmOf } from './tokens.ts';

export const PLATFORM_ISSUER = 'trafi-platform';
export const OPS_AUDIENCE = 'trafi-ops';
/** An assertion is good for one request's round trip, with room for clock skew. */
const MAX_AGE_SECONDS = 120;

/** For the platform: signs "merchant user `sub` of `tenant` is making this request". */
export function signMerchantAssertion(privateKey: KeyObject, claims: MerchantClaims, opts: { issuer?: string } = {}): Promise<string> {
  return new SignJWT({ tenant: claims.tenant })
    .setProtectedHeader({ alg: algorithmOf(privateKey), typ: 'merchant+jwt' })
    .setSubject(claims.sub)
    .setIssuer(opts.issuer ?? PLATFORM_ISSUER)
    .setAudience(OPS_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${MAX_AGE_SECONDS}s`)
    .sign(privateKey);
}

export class MerchantAssertionVerifier {
  constructor(
    protected readonly platformKey: KeyObject,
    protected readonly opts: { issuer?: string } = {},
  ) {
    if (platformKey.type !== 'public') throw new Error('the platform key must be a public key');
    algorithmOf(platformKey);
  }

  /** The merchant named by a valid assertion, or null. */
  async verify(jws: string | undefined): Promise<MerchantClaims | null> {
    if (!jws) return null;
    try {
      const { payload } = await jwtVerify(jws, this.platformKey, {
        algorithms: [algorithmOf(this.platformKey)],
        issuer: this.opts.issuer ?? PLATFORM_ISSUER,
        audience: OPS_AUDIENCE,
        typ: 'merchant+jwt',
        maxTokenAge: `${MAX_AGE_SECONDS}s`,
        requiredClaims: ['sub', 'iat', 'exp'],
      });
      const claims = MerchantClaimsSchema.safeParse(payload);
      return claims.success ? { sub: claims.data.sub, tenant: claims.data.tenant } : null;
    } catch {
      return null;
    }
  }
}
