/**
 * Passwords and key passphrases: kept only in SecretStorage, asked for when missing, never logged
 * or written into a report. Keyed by appliance id, so renaming an appliance keeps its secret.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import { utils } from 'ssh2';
import type { ProbeAuth } from '../../appliance/probe';
import type { Appliance } from './model';

const PREFIX = 'asyncosPvo.appliance';

export class Credentials {
  /** Every secret handed out in this session, so reports and logs can be scrubbed of them. */
  private readonly known = new Set<string>();

  constructor(private readonly secrets: vscode.SecretStorage) {}

  private key(id: string, what: 'password' | 'passphrase'): string {
    return `${PREFIX}/${id}/${what}`;
  }

  async get(id: string, what: 'password' | 'passphrase'): Promise<string | undefined> {
    const value = await this.secrets.get(this.key(id, what));
    if (value) this.known.add(value);
    return value;
  }

  async store(id: string, what: 'password' | 'passphrase', value: string): Promise<void> {
    this.known.add(value);
    await this.secrets.store(this.key(id, what), value);
  }

  async forget(id: string): Promise<void> {
    await this.secrets.delete(this.key(id, 'password'));
    await this.secrets.delete(this.key(id, 'passphrase'));
  }

  /** Replaces every secret seen in this session by a mask. */
  scrub(text: string): string {
    let out = text;
    for (const s of this.known) if (s.length > 0) out = out.split(s).join('••••••');
    return out;
  }

  async askPassword(appliance: Appliance): Promise<string | undefined> {
    const value = await vscode.window.showInputBox({
      title: vscode.l10n.t('Password for {0}', appliance.label),
      prompt: vscode.l10n.t('SSH password of {0}. It is kept in the secret storage of VS Code, never in settings.', `${appliance.target.user}@${appliance.target.host}:${appliance.target.port}`),
      password: true,
      ignoreFocusOut: true,
    });
    if (value) await this.store(appliance.id, 'password', value);
    return value;
  }

  /**
   * The authentication for one appliance; asks for a missing password or passphrase.
   * Undefined when the user cancelled.
   */
  async authFor(appliance: Appliance): Promise<ProbeAuth | undefined> {
    if (appliance.auth === 'agent') return { agent: process.env.SSH_AUTH_SOCK };
    if (appliance.auth === 'key') {
      const file = (appliance.identityFile ?? appliance.target.identityFiles[0] ?? '').replace(/^~(?=\/)/, homedir());
      const data = readFileSync(file);
      const plain = utils.parseKey(data);
      if (!(plain instanceof Error)) return { privateKeys: [{ label: file, data }], agent: false };
      // Checked locally before it is kept: a mistyped passphrase saved once would fail every later run.
      const decrypts = (p: string) => !(utils.parseKey(data, p) instanceof Error);
      let passphrase = await this.get(appliance.id, 'passphrase');
      if (passphrase && !decrypts(passphrase)) {
        await this.secrets.delete(this.key(appliance.id, 'passphrase'));
        passphrase = undefined;
      }
      for (let attempt = 0; !passphrase; attempt++) {
        const typed = await vscode.window.showInputBox({
          title: vscode.l10n.t('Passphrase of {0}', file),
          prompt: attempt
            ? vscode.l10n.t('That passphrase does not decrypt the key. Try again.')
            : vscode.l10n.t('The key is encrypted. Its passphrase is kept in the secret storage of VS Code.'),
          password: true,
          ignoreFocusOut: true,
        });
        if (!typed) return undefined;
        if (decrypts(typed)) {
          passphrase = typed;
          await this.store(appliance.id, 'passphrase', passphrase);
        }
      }
      return { privateKeys: [{ label: file, data, passphrase }], agent: false };
    }
    const password = (await this.get(appliance.id, 'password')) ?? (await this.askPassword(appliance));
    return password === undefined ? undefined : { password, agent: false };
  }
}
