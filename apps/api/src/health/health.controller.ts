import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RedisClient } from '@case-desk/core';
import { DatabaseHealth } from '@case-desk/db';
import { Public } from '../auth/auth.decorators';
import { PROBLEM_CONTENT_TYPE, problem } from '../http/problem';
import { ApiProblems } from '../http/openapi-decorators';
import { Liveness, Readiness } from '../http/response-schemas';

const CHECK_TIMEOUT_MS = 2000;

@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly database: DatabaseHealth,
    private readonly redis: RedisClient,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'The process answers (no dependency checked)' })
  @ApiOkResponse({ type: Liveness, description: 'alive' })
  live() {
    return { status: 'ok' };
  }

  /** 200 when PostgreSQL and Redis answer; else 503 naming the failing part. */
  @Get('ready')
  @ApiOperation({ summary: 'PostgreSQL and Redis answer', description: 'A 503 names the failing part in `detail` and carries `checks`.' })
  @ApiOkResponse({ type: Readiness, description: 'ready' })
  @ApiProblems(503)
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const [database, redis] = await Promise.all([
      check(() => this.database.ping()),
      check(async () => {
        await this.redis.redis.ping();
      }),
    ]);
    const checks = { database, redis };
    const failing = Object.entries(checks)
      .filter(([, result]) => result.status === 'down')
      .map(([name]) => name);
    if (failing.length === 0) return { status: 'ok', checks };
    void reply.status(503).header('content-type', PROBLEM_CONTENT_TYPE);
    return { ...problem('SERVICE_UNAVAILABLE', 503, `not ready: ${failing.join(', ')} unavailable`), checks };
  }
}

async function check(probe: () => Promise<void>): Promise<{ status: 'up' | 'down'; error?: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { status: 'up' };
  } catch (error) {
    return { status: 'down', error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
