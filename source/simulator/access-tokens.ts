// Access tokens the simulator has issued. They are opaque random strings (not seeded: they are
// credentials, and nothing should depend on their value), valid until their TTL runs out.
import {randomBytes} from 'node:crypto';

export type Grant = {userId: string; scope: string; admin: boolean; expiresAt: number};

export class AccessTokenStore {
  private readonly grants = new Map<string, Grant>();

  issue(grant: Grant): string {
    const token = randomBytes(32).toString('base64url');
    this.grants.set(token, grant);
    return token;
  }

  verify(token: string, now: number): Grant | undefined {
    const grant = this.grants.get(token);
    if (!grant) return undefined;
    if (grant.expiresAt <= now) {
      this.grants.delete(token);
      return undefined;
    }
    return grant;
  }

  expireAll(): void {
    this.grants.clear();
  }
}

/** `admin_classic` is what makes an M2M client a TenantAdmin for the tokens API. */
export function scopeGrantsAdmin(scope: string): boolean {
  return scope.split(/\s+/).includes('admin_classic');
}
