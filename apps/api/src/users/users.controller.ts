import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { ROLES } from '@case-desk/domain';
import { UsersService } from '@case-desk/users';
import { Roles } from '../auth/auth.decorators';
import { ApiProblems } from '../http/openapi-decorators';
import { User, UserPage } from '../http/response-schemas';
import { cursor, limit, regionCode } from '../http/schemas';

class CreateUserRequest extends createZodDto(
  z.strictObject({
    username: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, '3–64 lower-case letters, digits, ".", "_" or "-", starting with a letter or digit'),
    password: z.string().min(12, 'at least 12 characters').max(256),
    role: z.enum(ROLES),
    agency: regionCode,
  }),
) {}

class ListUsersQuery extends createZodDto(z.strictObject({ limit, cursor: cursor.optional() })) {}

@ApiTags('users')
@ApiBearerAuth('bearer')
@Roles('ADMIN')
@Controller('v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiOperation({ summary: 'Create a user (ADMIN). A taken username is a 422.' })
  @ApiCreatedResponse({ type: User, description: 'the user (never the password)' })
  @ApiProblems(400, 401, 403, 413, 415, 422, 503)
  create(@Body() body: CreateUserRequest) {
    return this.users.create(body);
  }

  @Get()
  @ApiOperation({ summary: 'List users by username (ADMIN)' })
  @ApiOkResponse({ type: UserPage, description: 'a page of users' })
  @ApiProblems(400, 401, 403, 503)
  list(@Query() query: ListUsersQuery) {
    return this.users.list(query.limit, query.cursor ?? null);
  }
}
