import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { JwtService } from '@nestjs/jwt';
import type { FastifyRequest } from 'fastify';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { APP_CONFIG, AppConfig } from '@case-desk/core';
import { DomainError } from '@case-desk/domain';
import { UsersService } from '@case-desk/users';
import { Public } from './auth.decorators';
import { LoginThrottle } from './login-throttle';
import { ApiProblems } from '../http/openapi-decorators';
import { TokenResponse } from '../http/response-schemas';

class TokenRequest extends createZodDto(
  z.strictObject({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) }),
) {}

@ApiTags('auth')
@Controller('v1/auth')
export class AuthController {
  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    private readonly throttle: LoginThrottle,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('token')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Exchange a username and password for a bearer token',
    description: 'Failed logins are limited per username and per client address (429 with Retry-After).',
  })
  @ApiOkResponse({ type: TokenResponse, description: 'a bearer token for the Authorization header' })
  @ApiProblems(400, 401, 413, 415, 429, 503)
  async token(@Body() body: TokenRequest, @Req() request: FastifyRequest) {
    await this.throttle.assertAllowed(body.username, request.ip);
    const user = await this.users.authenticate(body.username, body.password);
    // The attempt was counted before the password check (so parallel guesses cannot outrun the limit).
    if (!user) throw new DomainError('UNAUTHENTICATED', 'wrong username or password');
    await this.throttle.recordSuccess(body.username, request.ip);
    const expiresIn = this.config.auth.jwtTtlSeconds;
    const accessToken = await this.jwt.signAsync(
      { sub: user.id, username: user.username, role: user.role, agency: user.agency },
      { expiresIn },
    );
    return { accessToken, tokenType: 'Bearer', expiresIn };
  }
}
