import { Global, Module } from '@nestjs/common';
import { DatabaseHealth } from './database-health';
import { PrismaService } from './prisma.service';
import { TransactionRunner } from './transaction-runner';

@Global()
@Module({ providers: [PrismaService, TransactionRunner, DatabaseHealth], exports: [PrismaService, TransactionRunner, DatabaseHealth] })
export class DbModule {}
