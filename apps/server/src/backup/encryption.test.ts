import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { Decrypter, Encrypter, generateX25519Identity, identityToRecipient } from 'age-encryption';
import { afterAll, describe, expect, it } from 'vitest';
import { FileDecrypter, FileEncrypter, PassphraseIdentity, PassphraseRecipient, unwrapFolderKey, wrapFolderKey, WrongKeyError } from './encryption.js';
import { openFolderForCreate, unlockFolder } from './folder.js';
import { useFastPassphraseKdf } from './backup.fixtures.js';

// The passphrase mode runs on Node's own scrypt (off the event loop); it must be age's scrypt
// recipient exactly: files from either side open with the other.

useFastPassphraseKdf();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fk-age-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('age encryption of backups', () => {
  it("writes age's scrypt recipient: the age-encryption package opens it, and it opens the package's", async () => {
    const ours = new Encrypter();
    ours.addRecipient(new PassphraseRecipient('correct horse battery staple', 12));
    const sealed = await ours.encrypt('the folder key');
    const theirs = new Decrypter();
    theirs.addPassphrase('correct horse battery staple');
    expect(await theirs.decrypt(sealed, 'text')).toBe('the folder key');

    const pkg = new Encrypter();
    pkg.setPassphrase('correct horse battery staple');
    pkg.setScryptWorkFactor(12);
    const fromPkg = await pkg.encrypt('sealed by the package');
    const back = new Decrypter();
    back.addIdentity(new PassphraseIdentity('correct horse battery staple'));
    expect(await back.decrypt(fromPkg, 'text')).toBe('sealed by the package');

    const wrong = new Decrypter();
    wrong.addIdentity(new PassphraseIdentity('battery staple horse correct'));
    await expect(wrong.decrypt(fromPkg, 'text')).rejects.toThrow();
  });

  it('opens a folder key with the right passphrase or identity only', async () => {
    const id = await generateX25519Identity();
    const byPass = await wrapFolderKey(id, { passphrase: 'a good long passphrase' });
    expect(await unwrapFolderKey(byPass, { passphrase: 'a good long passphrase' })).toBe(id);
    await expect(unwrapFolderKey(byPass, { passphrase: 'a bad long passphrase' })).rejects.toBeInstanceOf(WrongKeyError);

    const operator = await generateX25519Identity();
    const byRecipient = await wrapFolderKey(id, { recipients: [await identityToRecipient(operator)] });
    expect(await unwrapFolderKey(byRecipient, { identities: [operator] })).toBe(id);
    await expect(unwrapFolderKey(byRecipient, { identities: [await generateX25519Identity()] })).rejects.toBeInstanceOf(WrongKeyError);
  });

  it('streams files through the folder key; a flipped byte or a cut-off end fails while reading', async () => {
    const id = await generateX25519Identity();
    const plain = Buffer.alloc(300 * 1024);
    for (let i = 0; i < plain.length; i++) plain[i] = (i * 7) % 251;
    const file = path.join(tmp, 'big.age');
    const r = await new FileEncrypter(await identityToRecipient(id)).encryptTo(Readable.from([plain]), file);
    expect(r.plain.bytes).toBe(plain.length);
    expect(fs.readFileSync(file).includes(plain.subarray(1000, 1100))).toBe(false);
    const read = async (f: string) => Buffer.concat(await (await new FileDecrypter(id).open(f)).toArray());
    expect((await read(file)).equals(plain)).toBe(true);

    const flipped = path.join(tmp, 'flipped.age');
    const b = fs.readFileSync(file);
    b[b.length - 1000] = b[b.length - 1000]! ^ 1;
    fs.writeFileSync(flipped, b);
    await expect(read(flipped)).rejects.toThrow();

    const cut = path.join(tmp, 'cut.age');
    fs.writeFileSync(cut, fs.readFileSync(file).subarray(0, 64 * 1024 + 300));
    await expect(read(cut)).rejects.toThrow();
  });

  it('keeps a recipients folder to its recipients, and opens it only with a matching identity file', async () => {
    const operator = await generateX25519Identity();
    const recipient = await identityToRecipient(operator);
    const dir = path.join(tmp, 'recipients-folder');
    const info = await openFolderForCreate(dir, { recipients: [recipient] }, new Date());
    expect(info).toMatchObject({ protection: 'recipients', recipients: [recipient] });
    await expect(openFolderForCreate(dir, { passphrase: 'a passphrase now instead' }, new Date())).rejects.toThrow(/protected by age recipients/);
    await expect(openFolderForCreate(dir, { recipients: [await identityToRecipient(await generateX25519Identity())] }, new Date())).rejects.toThrow(/not to FIELDKEEP_BACKUP_RECIPIENTS/);

    const idFile = path.join(tmp, 'operator.txt');
    fs.writeFileSync(idFile, `# created: today\n# public key: ${recipient}\n${operator}\n`);
    expect((await unlockFolder(dir, { identityFile: idFile })).info.recipient).toBe(info.recipient);
    await expect(unlockFolder(dir, { passphrase: 'irrelevant passphrase' })).rejects.toThrow(/set FIELDKEEP_BACKUP_IDENTITY/);
    const otherFile = path.join(tmp, 'other.txt');
    fs.writeFileSync(otherFile, `${await generateX25519Identity()}\n`);
    await expect(unlockFolder(dir, { identityFile: otherFile })).rejects.toThrow(/does not open/);
  });
});
