import { Injectable } from '@nestjs/common';
import { Prisma } from './generated/prisma/client';
import { PrismaService } from './prisma.service';

/** The handle a transaction's work passes to repository methods; nothing else should be done with it. */
export type Tx = Prisma.TransactionClient;

export interface TransactionOptions {
  isolationLevel?: Prisma.TransactionIsolationLevel;
  /** How long the work may take before the transaction is rolled back (Prisma's default: 5 s). */
  timeoutMs?: number;
  /** How long to wait for a connection from the pool before giving up (Prisma's default: 2 s). */
  maxWaitMs?: number;
}

/**
 * The one way an application service opens a transaction: an interactive transaction whose handle it
 * passes to the repository methods it calls, so the service decides what commits together and the
 * repositories only read and write.
 */
@Injectable()
export class TransactionRunner {
  constructor(private readonly prisma: PrismaService) {}

  run<T>(work: (tx: Tx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    const settings = {
      ...(options.isolationLevel === undefined ? {} : { isolationLevel: options.isolationLevel }),
      ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }),
      ...(options.maxWaitMs === undefined ? {} : { maxWait: options.maxWaitMs }),
    };
    return this.prisma.$transaction(work, settings);
  }
}
