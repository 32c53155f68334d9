import { Inject, Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

const ACCESS_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'; // no 0/O, 1/I/L: read aloud at a window
const ACCESS_CODE_LENGTH = 12; // 31^12 ≈ 2^59

/**
 * Keyed hashing and sealing of personal data. The ID number is stored only as an HMAC (exact search,
 * duplicate checks) plus its masked form; access codes only as a SHA-256 (they carry ~59 random bits,
 * so a slow hash adds nothing). Both keys derive from PII_KEY with HKDF, so one secret is rotated.
 */
@Injectable()
export class PiiCrypto {
  private readonly idKey: Buffer;
  private readonly sealKey: Buffer;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const ikm = Buffer.from(config.piiKey, 'utf8');
    this.idKey = Buffer.from(hkdfSync('sha256', ikm, 'case-desk', 'id-number-index', 32));
    this.sealKey = Buffer.from(hkdfSync('sha256', ikm, 'case-desk', 'replay-seal', 32));
  }

  /** `idNumber` must already be normalised (upper-case X). */
  idNumberHash(idNumber: string): string {
    return createHmac('sha256', this.idKey).update(idNumber).digest('hex');
  }

  newAccessCode(): string {
    // Rejection sampling keeps every character equally likely.
    const out: string[] = [];
    while (out.length < ACCESS_CODE_LENGTH) {
      for (const byte of randomBytes(32)) {
        if (byte < 248 && out.length < ACCESS_CODE_LENGTH) out.push(ACCESS_CODE_ALPHABET[byte % 31]);
      }
    }
    return out.join('');
  }

  accessCodeHash(code: string): string {
    return sha256Hex(normaliseAccessCode(code));
  }

  accessCodeMatches(code: string, hash: string): boolean {
    // The digest's bytes straight away (no hex round trip): applicants' polls run this on every request.
    const candidate = createHash('sha256').update(normaliseAccessCode(code)).digest();
    const stored = Buffer.from(hash, 'hex');
    return candidate.length === stored.length && timingSafeEqual(candidate, stored);
  }

  /** AES-256-GCM, for the rare secrets that must be given back later (idempotent replays). */
  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.sealKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
  }

  unseal(sealed: string): string {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('unknown sealed format');
    const decipher = createDecipheriv('aes-256-gcm', this.sealKey, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }
}

/** Codes are typed by hand: surrounding spaces and the letters' case do not matter. */
function normaliseAccessCode(code: string): string {
  return code.trim().toUpperCase();
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
