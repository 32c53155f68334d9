import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PiiCrypto, sha256Hex } from '@case-desk/core';
import { PublicCaseStatus, toPublicStatus } from '@case-desk/domain';
import { CaseRepository } from './case.repository';

/** What a caseNo can look like at all (receipts print "TR-20261123-0000001"); anything else is unknown. */
const CASE_NO = /^[A-Z0-9-]{1,20}$/;
/** Issued codes are 12 characters; a longer header is simply wrong (and never hashed at length). */
const MAX_ACCESS_CODE_LENGTH = 64;
/** Compared against when there is no case, so an unknown caseNo costs what a wrong code costs. No code hashes to it. */
const DECOY_HASH = sha256Hex(randomBytes(32).toString('hex'));

/** caseNo as printed, whatever the case the applicant typed it in (blanks around it are not a caseNo). */
export function normaliseCaseNo(caseNo: string): string | null {
  const upper = caseNo.toUpperCase();
  return CASE_NO.test(upper) ? upper : null;
}

/** A case as its applicant sees it, with the hash of its access code (for a cache that checks codes itself). */
export interface ApplicantLookup {
  view: PublicCaseStatus;
  accessCodeHash: string;
}

/**
 * An applicant's view of their case (API.md "Applicants"), behind the access code printed on the
 * receipt. One indexed query; the code's hash is compared in constant time.
 */
@Injectable()
export class PublicStatusService {
  constructor(
    private readonly cases: CaseRepository,
    private readonly crypto: PiiCrypto,
  ) {}

  /**
   * Null for an unknown caseNo, a missing code and a wrong code alike, after the same work: the
   * caller answers all three with the same 404.
   */
  async find(caseNo: string, accessCode: string | undefined): Promise<ApplicantLookup | null> {
    const key = normaliseCaseNo(caseNo);
    const row = key === null ? null : await this.cases.findForApplicant(key);
    if (!this.codeMatches(accessCode, row?.accessCodeHash ?? DECOY_HASH) || row === null) return null;
    return { view: toPublicStatus(row), accessCodeHash: row.accessCodeHash };
  }

  /** The code against a stored hash, in constant time; a missing, empty or overlong code never matches. */
  codeMatches(accessCode: string | undefined, accessCodeHash: string): boolean {
    const code = accessCode !== undefined && accessCode.length <= MAX_ACCESS_CODE_LENGTH ? accessCode : '';
    return this.crypto.accessCodeMatches(code, accessCodeHash) && code !== '';
  }
}
