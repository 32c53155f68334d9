import { Injectable } from '@nestjs/common';
import { PrismaService, Tx, UserRow, isUniqueViolation } from '@case-desk/db';
import type { Role } from '@case-desk/domain';

export interface NewUser {
  username: string;
  passwordHash: string;
  role: Role;
  agency: string;
  createdAt: Date;
}

@Injectable()
export class UsersRepository {
  constructor(private readonly prisma: PrismaService) {}

  findById(id: string): Promise<UserRow | null> {
    return this.prisma.user.findUnique({ where: { id } });
  }

  findByUsername(username: string): Promise<UserRow | null> {
    return this.prisma.user.findUnique({ where: { username } });
  }

  /** Returns null when the username is taken. */
  async create(user: NewUser): Promise<UserRow | null> {
    try {
      return await this.prisma.user.create({ data: user });
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }

  /** Serialises the bootstrap of the first user across booting apps until the transaction ends. */
  async lockBootstrap(tx: Tx): Promise<void> {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('case-desk:bootstrap-admin'))`;
  }

  async anyUser(tx: Tx): Promise<boolean> {
    return (await tx.user.count()) > 0;
  }

  insert(tx: Tx, user: NewUser): Promise<UserRow> {
    return tx.user.create({ data: user });
  }

  list(limit: number, afterUsername: string | null): Promise<UserRow[]> {
    return this.prisma.user.findMany({
      where: afterUsername === null ? {} : { username: { gt: afterUsername } },
      orderBy: { username: 'asc' },
      take: limit,
    });
  }
}
