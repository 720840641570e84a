// Support mode's settings (part of the product's ConfigSchema) and the keys they name, read and
// checked at start: a missing file, a key of the wrong kind or a default above the maximum stops
// start-up with a ConfigError naming the variable.
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { readConfigFile } from '../config-error.ts';
import { algorithmOf } from './tokens.ts';

const minutes = z.coerce.number().int().min(1).max(7 * 24 * 60);

export const SupportConfigShape = {
  /** The ops side's private key (PKCS#8 PEM, Ed25519 or P-256) that signs support session tokens. */
  SUPPORT_SIGNING_KEY_FILE: z.string().min(1).optional(),
  /** The platform's public key (SPKI PEM) that verifies the merchant assertions it sends. */
  SUPPORT_PLATFORM_KEY_FILE: z.string().min(1).optional(),
  SUPPORT_MAX_DURATION_MINUTES: minutes.default(1440),
  SUPPORT_DEFAULT_DURATION_MINUTES: minutes.default(60),
  /** The platform's code exchange URL, to which the plugin's "open merchant view" goes with `?code=`. */
  SUPPORT_VIEW_URL: z.string().url().optional(),
};

export interface SupportSettings {
  SUPPORT_SIGNING_KEY_FILE?: string;
  SUPPORT_PLATFORM_KEY_FILE?: string;
  SUPPORT_MAX_DURATION_MINUTES: number;
  SUPPORT_DEFAULT_DURATION_MINUTES: number;
  SUPPORT_VIEW_URL?: string;
}

export interface SupportKeys {
  signingKey: KeyObject;
  /** The public half of signingKey: what the platform's middleware verifies with. */
  verifyKey: KeyObject;
  platformKey: KeyObject;
}

export class SupportConfigError extends Error {}

/** The keys, or undefined when support mode is off (neither file set). */
export function loadSupportKeys(c: SupportSettings): SupportKeys | undefined {
  if (c.SUPPORT_DEFAULT_DURATION_MINUTES > c.SUPPORT_MAX_DURATION_MINUTES) throw new SupportConfigError('SUPPORT_DEFAULT_DURATION_MINUTES must not exceed SUPPORT_MAX_DURATION_MINUTES');
  if (!c.SUPPORT_SIGNING_KEY_FILE && !c.SUPPORT_PLATFORM_KEY_FILE) return undefined;
  if (!c.SUPPORT_SIGNING_KEY_FILE || !c.SUPPORT_PLATFORM_KEY_FILE) throw new SupportConfigError('support mode needs both SUPPORT_SIGNING_KEY_FILE and SUPPORT_PLATFORM_KEY_FILE (or neither)');
  const signingKey = readKey('SUPPORT_SIGNING_KEY_FILE', c.SUPPORT_SIGNING_KEY_FILE, 'private');
  const platformKey = readKey('SUPPORT_PLATFORM_KEY_FILE', c.SUPPORT_PLATFORM_KEY_FILE, 'public');
  return { signingKey, verifyKey: createPublicKey(signingKey), platformKey };
}

function readKey(name: string, file: string, kind: 'private' | 'public'): KeyObject {
  const pem = readConfigFile(name, file, SupportConfigError);
  let key: KeyObject;
  try {
    key = kind === 'private' ? createPrivateKey(pem) : createPublicKey(pem);
  } catch {
    throw new SupportConfigError(`${name}: ${file} is not a ${kind === 'private' ? 'PKCS#8 private' : 'SPKI public'} key in PEM`);
  }
  if (key.type !== kind) throw new SupportConfigError(`${name}: ${file} holds a ${key.type} key, a ${kind} key is needed`);
  try {
    algorithmOf(key);
  } catch (err) {
    throw new SupportConfigError(`${name}: ${(err as Error).message}`);
  }
  return key;
}
