// Support session tokens: JWTs signed with the ops side's asymmetric key (Ed25519 → EdDSA, or
// P-256 → ES256) and verified by the platform with the public half. The verifier accepts exactly
// that algorithm and key (so `alg: none`, an HMAC trick with the public key or a foreign key all
// fail), checks issuer, audience, expiry and the read-only scope, and requires every claim.
import type { KeyObject } from 'node:crypto';
import { SignJWT, errors, jwtVerify } from 'jose';
import { z } from 'zod';

export const SUPPORT_ISSUER = 'trafi-ops';
export const SUPPORT_AUDIENCE = 'trafi-platform';
/** The only scope a support session has. */
export const SUPPORT_SCOPE = 'support:read-only';

export type SupportAlgorithm = 'EdDSA' | 'ES256';

/** The JWS algorithm of an asymmetric key; other key types are refused. */
export function algorithmOf(key: KeyObject): SupportAlgorithm {
  if (key.asymmetricKeyType === 'ed25519') return 'EdDSA';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ES256';
  throw new Error(`support keys must be Ed25519 or P-256, not ${key.asymmetricKeyType ?? key.type}`);
}

export interface SupportSessionClaims {
  /** The operator (subject). */
  operator: string;
  /** The merchant user whose consent this session rests on (`act`: who this session acts for). */
  consentBy: string;
  tenant: string;
  store: string | null;
  grantId: string;
  jti: string;
  /** Epoch ms; never after the grant's expiry. */
  expiresAt: number;
}

export interface TokenAudience {
  issuer?: string;
  audience?: string;
}

export class SupportTokenIssuer {
  protected readonly alg: SupportAlgorithm;

  constructor(
    protected readonly privateKey: KeyObject,
    protected readonly opts: TokenAudience = {},
  ) {
    if (privateKey.type !== 'private') throw new Error('the support signing key must be a private key');
    this.alg = algorithmOf(privateKey);
  }

  sign(c: SupportSessionClaims): Promise<string> {
    return new SignJWT({ tenant: c.tenant, store: c.store, grant: c.grantId, scope: SUPPORT_SCOPE, act: { sub: c.consentBy, role: 'merchant' } })
      .setProtectedHeader({ alg: this.alg, typ: 'support+jwt' })
      .setSubject(c.operator)
      .setJti(c.jti)
      .setIssuer(this.opts.issuer ?? SUPPORT_ISSUER)
      .setAudience(this.opts.audience ?? SUPPORT_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(Math.floor(c.expiresAt / 1000))
      .sign(this.privateKey);
  }
}

const VerifiedClaimsSchema = z.object({
  sub: z.string().min(1),
  jti: z.string().min(1),
  exp: z.number(),
  tenant: z.string().min(1),
  store: z.string().nullable(),
  grant: z.string().uuid(),
  scope: z.literal(SUPPORT_SCOPE),
  act: z.object({ sub: z.string() }),
});

/** Why a token was refused, for the access log. */
export class SupportTokenError extends Error {
  constructor(
    readonly code: 'invalid_token' | 'token_expired' | 'wrong_audience' | 'wrong_issuer' | 'wrong_scope',
    message: string,
  ) {
    super(message);
  }
}

/** What a verified session token says: the claims it was signed with. */
export type VerifiedSession = SupportSessionClaims;

export class SupportTokenVerifier {
  protected readonly alg: SupportAlgorithm;

  constructor(
    protected readonly publicKey: KeyObject,
    protected readonly opts: TokenAudience = {},
  ) {
    if (publicKey.type !== 'public') throw new Error('the support verification key must be a public key');
    this.alg = algorithmOf(publicKey);
  }

  async verify(token: string): Promise<VerifiedSession> {
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, this.publicKey, {
        algorithms: [this.alg],
        issuer: this.opts.issuer ?? SUPPORT_ISSUER,
        audience: this.opts.audience ?? SUPPORT_AUDIENCE,
        typ: 'support+jwt',
        requiredClaims: ['sub', 'jti', 'exp', 'iat'],
        clockTolerance: 0,
      }));
    } catch (err) {
      if (err instanceof errors.JWTExpired) throw new SupportTokenError('token_expired', 'the support session has expired');
      if (err instanceof errors.JWTClaimValidationFailed && err.claim === 'aud') throw new SupportTokenError('wrong_audience', 'the token is not for this platform');
      if (err instanceof errors.JWTClaimValidationFailed && err.claim === 'iss') throw new SupportTokenError('wrong_issuer', 'the token is not from the ops API');
      throw new SupportTokenError('invalid_token', 'the support token is not valid');
    }
    const c = VerifiedClaimsSchema.safeParse(payload);
    if (!c.success) throw new SupportTokenError(c.error.issues[0]?.path[0] === 'scope' ? 'wrong_scope' : 'invalid_token', 'the support token lacks its claims');
    return { operator: c.data.sub, consentBy: c.data.act.sub, tenant: c.data.tenant, store: c.data.store, grantId: c.data.grant, jti: c.data.jti, expiresAt: c.data.exp * 1000 };
  }
}
