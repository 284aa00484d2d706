import { createCipheriv, createDecipheriv, createHash, randomBytes, scrypt } from 'node:crypto';
import fs from 'node:fs';
import { pipeline, Readable, Transform, type TransformCallback } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { Decrypter, Encrypter, generateX25519Identity, identityToRecipient, Stanza, type Identity, type Recipient } from 'age-encryption';
import { writeStreamDurable } from './durable-files.js';

/**
 * age encryption (the `age-encryption` package; files are standard age v1, so the `age` command
 * line tool reads them too — docs/backups.md shows how).
 *
 * Each backup folder has one X25519 key. Snapshots, manifests and blobs are encrypted to it (fast);
 * the key itself is stored in the folder encrypted with the passphrase (age's scrypt recipient) or
 * to the configured age recipients. So scrypt runs once per command, not once per blob.
 *
 * The scrypt recipient is implemented here on Node's own scrypt and ChaCha20-Poly1305, exactly as
 * the age specification defines it: the package's pure-JavaScript scrypt blocks the event loop for
 * seconds, which the nightly run inside the server must not do. Tests check both directions against
 * the package's own passphrase mode.
 */

const SCRYPT_LABEL = Buffer.from('age-encryption.org/v1/scrypt');
/** age's default work factor (2^18). */
export const SCRYPT_LOG_N = 18;
const MAX_SCRYPT_LOG_N = 22;

export class WrongKeyError extends Error {}
export class DigestMismatchError extends Error {}

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64').replace(/=+$/, '');
const unb64 = (s: string): Buffer | undefined => {
  const b = Buffer.from(s, 'base64');
  return b64(b) === s ? b : undefined;
};

function scryptKey(passphrase: string, salt: Uint8Array, logN: number): Promise<Buffer> {
  const N = 2 ** logN;
  return new Promise((resolve, reject) =>
    scrypt(passphrase, Buffer.concat([SCRYPT_LABEL, salt]), 32, { N, r: 8, p: 1, maxmem: 256 * N * 8 }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

const ZERO_NONCE = Buffer.alloc(12);

/** age's `scrypt` recipient (passphrase), with the key derived off the event loop. */
export class PassphraseRecipient implements Recipient {
  constructor(
    private readonly passphrase: string,
    private readonly logN = SCRYPT_LOG_N,
  ) {}

  async wrapFileKey(fileKey: Uint8Array): Promise<Stanza[]> {
    const salt = randomBytes(16);
    const key = await scryptKey(this.passphrase, salt, this.logN);
    const c = createCipheriv('chacha20-poly1305', key, ZERO_NONCE, { authTagLength: 16 });
    const body = Buffer.concat([c.update(fileKey), c.final(), c.getAuthTag()]);
    return [new Stanza(['scrypt', b64(salt), String(this.logN)], body)];
  }
}

/** age's `scrypt` identity: answers null (not this identity) when the passphrase is wrong. */
export class PassphraseIdentity implements Identity {
  constructor(private readonly passphrase: string) {}

  async unwrapFileKey(stanzas: Stanza[]): Promise<Uint8Array | null> {
    const s = stanzas.find((x) => x.args[0] === 'scrypt');
    if (!s) return null;
    if (stanzas.length !== 1) throw new Error('an age scrypt stanza must be the only one in its header');
    const salt = s.args.length === 3 ? unb64(s.args[1]!) : undefined;
    const logN = Number(s.args[2]);
    if (!salt || salt.length !== 16 || !/^[1-9]\d*$/.test(s.args[2] ?? '') || s.body.length !== 32) throw new Error('invalid age scrypt stanza');
    if (logN > MAX_SCRYPT_LOG_N) throw new Error(`age scrypt work factor 2^${logN} is too high`);
    const key = await scryptKey(this.passphrase, salt, logN);
    try {
      const d = createDecipheriv('chacha20-poly1305', key, ZERO_NONCE, { authTagLength: 16 });
      d.setAuthTag(s.body.subarray(16));
      return Buffer.concat([d.update(s.body.subarray(0, 16)), d.final()]);
    } catch {
      return null;
    }
  }
}

export type KeyProtection = { passphrase: string } | { recipients: string[] };
export interface UnlockKeys {
  passphrase?: string | undefined;
  /** age identities (`AGE-SECRET-KEY-1…`), e.g. read from FIELDKEEP_BACKUP_IDENTITY. */
  identities?: string[];
}

/** A new folder key: the identity (secret) and its recipient (public). */
export async function newFolderKey(): Promise<{ identity: string; recipient: string }> {
  const identity = await generateX25519Identity();
  return { identity, recipient: await identityToRecipient(identity) };
}

/**
 * The scrypt work factor of new folder keys. Unlocking reads it from the key file, so lowering it
 * (the tests do, to save a second per command) affects only folders made afterwards.
 */
export const passphraseWorkFactor = { logN: SCRYPT_LOG_N };

/** Encrypts the folder's identity with the passphrase or to the recipients. */
export async function wrapFolderKey(identity: string, protection: KeyProtection): Promise<Uint8Array> {
  const e = new Encrypter();
  if ('passphrase' in protection) e.addRecipient(new PassphraseRecipient(protection.passphrase, passphraseWorkFactor.logN));
  else for (const r of protection.recipients) e.addRecipient(r);
  return e.encrypt(identity);
}

/** Decrypts the folder's identity; WrongKeyError when neither passphrase nor identity opens it. */
export async function unwrapFolderKey(wrapped: Uint8Array, keys: UnlockKeys): Promise<string> {
  const d = new Decrypter();
  if (keys.passphrase) d.addIdentity(new PassphraseIdentity(keys.passphrase));
  for (const id of keys.identities ?? []) d.addIdentity(id);
  let identity: string;
  try {
    identity = await d.decrypt(wrapped, 'text');
  } catch (err) {
    throw new WrongKeyError((err as Error).message);
  }
  if (!identity.startsWith('AGE-SECRET-KEY-1')) throw new WrongKeyError('the folder key file does not hold an age identity');
  return identity;
}

/** Reads the identities (`AGE-SECRET-KEY-…` lines) of an age identity file. */
export function readIdentityFile(file: string): string[] {
  const ids = fs
    .readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.startsWith('AGE-SECRET-KEY-'));
  if (ids.length === 0) throw new WrongKeyError(`${file} holds no age identity (a line starting AGE-SECRET-KEY-)`);
  return ids;
}

export interface Digest {
  bytes: number;
  sha256: string;
}

/** Passes bytes through, counting and hashing them. */
export function digestStream(onBytes?: (n: number) => void): Transform & { digest(): Digest } {
  const hash = createHash('sha256');
  let bytes = 0;
  const t = new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      hash.update(chunk);
      bytes += chunk.length;
      onBytes?.(chunk.length);
      cb(null, chunk);
    },
  });
  let result: Digest | undefined;
  return Object.assign(t, { digest: () => (result ??= { bytes, sha256: hash.digest('hex') }) });
}

const toWeb = (r: Readable) => Readable.toWeb(r) as unknown as ReadableStream<Uint8Array>;
const fromWeb = (w: ReadableStream<Uint8Array>) => Readable.fromWeb(w as unknown as NodeReadableStream<Uint8Array>);

/** Encrypts to one recipient (the folder key); reuse it for many files. */
export class FileEncrypter {
  private readonly e = new Encrypter();
  constructor(recipient: string) {
    this.e.addRecipient(recipient);
  }

  /** Encrypts `source` into `target` crash-safely; answers the plaintext digest and the file size. */
  async encryptTo(
    source: Readable,
    target: string,
    opts: { onBytes?: (n: number) => void; expect?: Digest } = {},
  ): Promise<{ plain: Digest; encryptedBytes: number }> {
    const digest = digestStream(opts.onBytes);
    // pipeline (not pipe): an error reading the source reaches the encrypter instead of hanging it.
    const plain = pipeline(source, digest, () => undefined);
    const encrypted = await this.e.encrypt(toWeb(plain));
    const encryptedBytes = await writeStreamDurable(target, fromWeb(encrypted), () => {
      const got = digest.digest();
      if (opts.expect && (got.sha256 !== opts.expect.sha256 || got.bytes !== opts.expect.bytes)) {
        throw new DigestMismatchError(`read ${got.bytes} bytes with SHA-256 ${got.sha256}, expected ${opts.expect.bytes} bytes with ${opts.expect.sha256}`);
      }
    });
    return { plain: digest.digest(), encryptedBytes };
  }

  async encryptBytes(data: string | Uint8Array): Promise<Uint8Array> {
    return this.e.encrypt(data);
  }
}

/** Decrypts with the folder key. A damaged or truncated file fails while it is read. */
export class FileDecrypter {
  private readonly d = new Decrypter();
  constructor(identity: string) {
    this.d.addIdentity(identity);
  }

  /** The plaintext of an encrypted file, as a stream (the header is checked before it answers). */
  async open(file: string): Promise<Readable> {
    return fromWeb(await this.d.decrypt(toWeb(fs.createReadStream(file))));
  }

  async decryptBytes(data: Uint8Array): Promise<Buffer> {
    return Buffer.from(await this.d.decrypt(data));
  }
}
