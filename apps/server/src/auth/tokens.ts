import { createHash, randomBytes } from 'node:crypto';

/** A bearer secret: 256 random bits. Only its SHA-256 is stored, so a database leak yields no sessions. */
export function newSecret(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashSecret(token) };
}

export function hashSecret(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
