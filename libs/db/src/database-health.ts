import { Injectable } from '@nestjs/common';
import { PrismaService } from './prisma.service';

/** The readiness probe of PostgreSQL (the API's /health/ready and the worker's start). */
@Injectable()
export class DatabaseHealth {
  constructor(private readonly prisma: PrismaService) {}

  async ping(): Promise<void> {
    await this.prisma.$queryRaw`SELECT 1`;
  }
}
