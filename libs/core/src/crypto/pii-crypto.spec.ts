import { createHash } from 'node:crypto';
import type { AppConfig } from '../config/app-config';
import { PiiCrypto, sha256Hex } from './pii-crypto';

// PiiCrypto reads only the key from the configuration.
const crypto = (piiKey = 'k'.repeat(43)) => new PiiCrypto({ piiKey } as AppConfig);

describe('PiiCrypto', () => {
  describe('access codes', () => {
    const c = crypto();

    it('issues 12 characters of the unambiguous alphabet, different every time', () => {
      const codes = Array.from({ length: 200 }, () => c.newAccessCode());
      for (const code of codes) expect(code).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{12}$/);
      expect(new Set(codes).size).toBe(codes.length);
    });

    it('stores the SHA-256 of the code in upper case, without surrounding spaces', () => {
      expect(c.accessCodeHash('abcd2345wxyz')).toBe(createHash('sha256').update('ABCD2345WXYZ').digest('hex'));
      expect(c.accessCodeHash(' ABCD2345WXYZ\t')).toBe(c.accessCodeHash('abcd2345wxyz'));
    });

    it('matches the right code however it is typed, and nothing else', () => {
      const code = c.newAccessCode();
      const hash = c.accessCodeHash(code);
      expect(c.accessCodeMatches(code, hash)).toBe(true);
      expect(c.accessCodeMatches(` ${code.toLowerCase()} `, hash)).toBe(true);
      expect(c.accessCodeMatches(`${code.slice(0, -1)}${code.endsWith('A') ? 'B' : 'A'}`, hash)).toBe(false);
      expect(c.accessCodeMatches('', hash)).toBe(false);
      expect(c.accessCodeMatches(code, sha256Hex('something else'))).toBe(false);
    });

    it('never matches a stored hash of another length (a damaged row), without throwing', () => {
      const code = c.newAccessCode();
      const hash = c.accessCodeHash(code);
      expect(c.accessCodeMatches(code, hash.slice(0, 32))).toBe(false);
      expect(c.accessCodeMatches(code, '')).toBe(false);
    });
  });

  describe('ID numbers', () => {
    it('are hashed with a key derived from PII_KEY: the same under one key, different under another', () => {
      const id = '11010519491231002X';
      expect(crypto().idNumberHash(id)).toBe(crypto().idNumberHash(id));
      expect(crypto().idNumberHash(id)).not.toBe(crypto('z'.repeat(43)).idNumberHash(id));
      expect(crypto().idNumberHash(id)).not.toBe(sha256Hex(id));
    });
  });

  describe('sealing', () => {
    it('gives back what it sealed, and refuses a sealed value that was changed or sealed under another key', () => {
      const c = crypto();
      const sealed = c.seal('{"accessCode":"ABCD2345WXYZ"}');
      expect(sealed).not.toContain('ABCD2345WXYZ');
      expect(c.unseal(sealed)).toBe('{"accessCode":"ABCD2345WXYZ"}');
      expect(c.seal('same')).not.toBe(c.seal('same')); // a fresh IV each time

      const [version, iv, tag, body] = sealed.split('.');
      const flipped = body!.startsWith('A') ? `B${body!.slice(1)}` : `A${body!.slice(1)}`;
      expect(() => c.unseal([version, iv, tag, flipped].join('.'))).toThrow();
      expect(() => crypto('z'.repeat(43)).unseal(sealed)).toThrow();
      expect(() => c.unseal('v2.a.b.c')).toThrow('unknown sealed format');
    });
  });
});
