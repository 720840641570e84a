// `npm start` without configured support keys: a development key pair for each side, kept under
// DATA_DIR/support (private keys 0600) and reused by the next start. A real deployment configures
// SUPPORT_SIGNING_KEY_FILE (ops) and SUPPORT_PLATFORM_KEY_FILE (the platform's public key).
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DevSupportKeys {
  /** For the ops side's config. */
  SUPPORT_SIGNING_KEY_FILE: string;
  SUPPORT_PLATFORM_KEY_FILE: string;
  /** The platform's private key, which signs merchant assertions. */
  platformSigningKey: KeyObject;
  generated: boolean;
}

export function devSupportKeys(dataDir: string): DevSupportKeys {
  const dir = join(dataDir, 'support');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const ops = join(dir, 'ops-signing-key.pem');
  const platform = join(dir, 'platform-signing-key.pem');
  const platformPublic = join(dir, 'platform-public-key.pem');
  let generated = false;
  for (const file of [ops, platform]) {
    if (existsSync(file)) continue;
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    generated = true;
  }
  const platformSigningKey = createPrivateKey(readFileSync(platform, 'utf8'));
  writeFileSync(platformPublic, createPublicKey(platformSigningKey).export({ type: 'spki', format: 'pem' }));
  return { SUPPORT_SIGNING_KEY_FILE: ops, SUPPORT_PLATFORM_KEY_FILE: platformPublic, platformSigningKey, generated };
}
