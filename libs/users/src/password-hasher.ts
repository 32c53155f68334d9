import { Injectable } from '@nestjs/common';
import { Algorithm, hash, verify } from '@node-rs/argon2';

/** Argon2id with the library's defaults (OWASP: 19 MiB, t=2, p=1), salted, PHC string format. */
@Injectable()
export class PasswordHasher {
  // Verified against when the username is unknown, so a miss costs as long as a wrong password.
  private readonly dummyHash = hash('case-desk-timing-equaliser', { algorithm: Algorithm.Argon2id });

  hash(password: string): Promise<string> {
    return hash(password, { algorithm: Algorithm.Argon2id });
  }

  async verify(passwordHash: string | null, password: string): Promise<boolean> {
    if (passwordHash === null) {
      await verify(await this.dummyHash, password).catch(() => false);
      return false;
    }
    return verify(passwordHash, password).catch(() => false);
  }
}
