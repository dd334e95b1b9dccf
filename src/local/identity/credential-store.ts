/**
 * The keys the endpoint accepts: users' long-term keys from the accounts file, and the temporary
 * keys STS issued (with their session token and expiry). Expired keys are kept a while so that
 * callers get ExpiredToken, not "invalid token".
 */
import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import type { Principal } from '../local-types.js';
import type { Accounts } from './account-model.js';

export interface StoredCredential {
  accessKeyId: string;
  secretAccessKey: string;
  /** Only temporary credentials have one; requests must carry it in X-Amz-Security-Token. */
  sessionToken?: string;
  /** Epoch milliseconds; only temporary credentials expire. */
  expiresAt?: number;
  principal: Principal;
}

export type RandomBytes = (size: number) => Buffer;

/** How long an expired key is remembered (so it reports "expired" rather than "invalid"). */
const EXPIRED_MEMORY_MS = 24 * 3600 * 1000;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export class CredentialStore {
  private readonly credentials = new Map<string, StoredCredential>();

  constructor(
    accounts: Accounts,
    private readonly randomBytes: RandomBytes = cryptoRandomBytes,
  ) {
    for (const account of accounts.accounts) {
      for (const user of account.users) {
        for (const key of user.accessKeys) {
          this.credentials.set(key.accessKeyId, {
            ...key,
            principal: {
              type: 'user',
              arn: user.arn,
              accountId: account.id,
              userId: user.userId,
              temporary: false,
            },
          });
        }
      }
    }
  }

  find(accessKeyId: string): StoredCredential | undefined {
    return this.credentials.get(accessKeyId);
  }

  /** Issues temporary credentials (ASIA…) for `principal`, valid until `expiresAt`. */
  issue(principal: Principal, expiresAt: number, now: number): StoredCredential {
    this.forgetExpired(now);
    let accessKeyId: string;
    do {
      accessKeyId = `ASIA${[...this.randomBytes(16)].map((byte) => BASE32[byte % 32]).join('')}`;
    } while (this.credentials.has(accessKeyId));
    const issued: StoredCredential = {
      accessKeyId,
      secretAccessKey: this.randomBytes(30).toString('base64'),
      sessionToken: this.randomBytes(192).toString('base64'),
      expiresAt,
      principal,
    };
    this.credentials.set(accessKeyId, issued);
    return issued;
  }

  /** Makes issued temporary credentials stop working at once (their session ended). */
  revoke(accessKeyId: string): void {
    if (this.credentials.get(accessKeyId)?.sessionToken !== undefined) {
      this.credentials.delete(accessKeyId);
    }
  }

  private forgetExpired(now: number): void {
    for (const [id, credential] of this.credentials) {
      if (credential.expiresAt !== undefined && credential.expiresAt + EXPIRED_MEMORY_MS < now) {
        this.credentials.delete(id);
      }
    }
  }
}
