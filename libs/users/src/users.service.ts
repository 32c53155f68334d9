import { Inject, Injectable, Logger } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { APP_CONFIG, AppConfig, Clock } from '@case-desk/core';
import { DomainError, Role } from '@case-desk/domain';
import { TransactionRunner, type UserRow } from '@case-desk/db';
import { PasswordHasher } from './password-hasher';
import { UsersRepository } from './users.repository';

export interface UserView {
  id: string;
  username: string;
  role: Role;
  agency: string;
  createdAt: string;
}

export function toUserView(user: UserRow): UserView {
  return { id: user.id, username: user.username, role: user.role, agency: user.agency, createdAt: user.createdAt.toISOString() };
}

/** How long a user read for a request may be reused for the next ones (see findActor). */
export const USER_RECHECK_MS = 5_000;
const USER_CACHE_ENTRIES = 10_000;

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);
  private readonly actors = new LRUCache<string, UserRow>({ max: USER_CACHE_ENTRIES, ttl: USER_RECHECK_MS });

  constructor(
    private readonly users: UsersRepository,
    private readonly transactions: TransactionRunner,
    private readonly hasher: PasswordHasher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async create(input: { username: string; password: string; role: Role; agency: string }): Promise<UserView> {
    const created = await this.users.create({
      username: input.username,
      passwordHash: await this.hasher.hash(input.password),
      role: input.role,
      agency: input.agency,
      createdAt: this.clock.now(),
    });
    if (created === null) {
      throw new DomainError('BUSINESS_RULE', `username '${input.username}' is already taken`, {
        errors: [{ path: 'username', message: 'already taken' }],
      });
    }
    return toUserView(created);
  }

  async list(limit: number, cursor: string | null): Promise<{ items: UserView[]; nextCursor: string | null }> {
    const rows = await this.users.list(limit + 1, cursor);
    const page = rows.slice(0, limit);
    return { items: page.map(toUserView), nextCursor: rows.length > limit ? page[page.length - 1].username : null };
  }

  /** Checks a login; null for an unknown user or a wrong password, in similar time. */
  async authenticate(username: string, password: string): Promise<UserRow | null> {
    const user = await this.users.findByUsername(username);
    const ok = await this.hasher.verify(user?.passwordHash ?? null, password);
    return ok && user ? user : null;
  }

  findById(id: string): Promise<UserRow | null> {
    return this.users.findById(id);
  }

  /**
   * The user a bearer token names, for the guard of every request: read again from the database at
   * most every USER_RECHECK_MS, so a user removed or given another role or agency (in the database:
   * the API changes no user) loses the old rights within that time, not at the token's expiry.
   */
  async findActor(id: string): Promise<UserRow | null> {
    const cached = this.actors.get(id);
    if (cached !== undefined) return cached;
    const user = await this.users.findById(id);
    if (user !== null) this.actors.set(id, user);
    return user;
  }

  /** BOOTSTRAP_ADMIN_*: the first admin of an empty installation. */
  async bootstrapAdmin(): Promise<void> {
    const admin = this.config.auth.bootstrapAdmin;
    if (admin === null) return;
    const user = {
      username: admin.username,
      passwordHash: await this.hasher.hash(admin.password),
      role: 'ADMIN' as const,
      agency: admin.agency,
      createdAt: this.clock.now(),
    };
    // Only while the table is empty; the lock makes two booting apps agree.
    const created = await this.transactions.run(async (tx) => {
      await this.users.lockBootstrap(tx);
      if (await this.users.anyUser(tx)) return null;
      return this.users.insert(tx, user);
    });
    if (created) this.logger.log(`bootstrap admin '${created.username}' created`);
  }
}
