import crypto from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';

/** RFC 6238: 30-second steps, 6 digits, SHA-1 (what every authenticator app reads). */
const PERIOD = 30;
const ISSUER = '校安';

export function newTotpSecret(): string {
  return generateSecret();
}

export async function totpEnrolment(username: string, secret: string): Promise<{ otpauthUrl: string; qrSvg: string }> {
  const otpauthUrl = generateURI({ issuer: ISSUER, label: username, secret });
  const qrSvg = await QRCode.toString(otpauthUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { otpauthUrl, qrSvg };
}

/**
 * Checks a 6-digit code, accepting one step of clock drift either way. Returns the
 * time step it matched, which the caller stores: a code at or before the last used
 * step is refused, so a code seen over a shoulder cannot be replayed.
 */
export async function verifyTotp(secret: string, code: string, lastStep: number | null): Promise<number | null> {
  if (!/^[0-9]{6}$/.test(code)) return null;
  const r = await verify({
    secret,
    token: code,
    period: PERIOD,
    epochTolerance: PERIOD,
    ...(lastStep !== null ? { afterTimeStep: lastStep } : {}),
  });
  // The TOTP result carries the matched step (the HOTP half of the union does not).
  return r.valid && 'timeStep' in r ? (r as { timeStep: number }).timeStep : null;
}

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Ten one-time recovery codes such as `k7m2-q9xp-4tfh`, shown once. */
export function newRecoveryCodes(count = 10): string[] {
  return Array.from({ length: count }, () => {
    const bytes = crypto.randomBytes(12);
    const chars = [...bytes].map((b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]).join('');
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
  });
}

/** Recovery codes are stored as SHA-256 of their normalised form (they are random, so no slow hash is needed). */
export function recoveryCodeHash(code: string): string {
  return crypto.createHash('sha256').update(code.toLowerCase().replace(/[^a-z0-9]/g, '')).digest('hex');
}
