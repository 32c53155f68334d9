import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { ZodValidationPipe } from 'nestjs-zod';
import { AppConfig, CoreModule, loggerOptions } from '@case-desk/core';
import { DbModule } from '@case-desk/db';
import { CasesModule } from '@case-desk/cases';
import { SlaModule } from '@case-desk/sla';
import { AlertsModule } from '@case-desk/alerts';
import { JobsModule } from '@case-desk/jobs';
import { UsersModule } from '@case-desk/users';
import { OperationsStatusController } from './admin/operations-status.controller';
import { ReportsModule } from '@case-desk/reports';
import { SlaSweepController } from './admin/sla-sweep.controller';
import { TestClockController } from './admin/test-clock.controller';
import { AlertsController } from './alerts/alerts.controller';
import { AuthController } from './auth/auth.controller';
import { CalendarController } from './calendar/calendar.controller';
import { JwtAuthGuard } from './auth/jwt-auth.guard';
import { LoginThrottle } from './auth/login-throttle';
import { CasesController } from './cases/cases.controller';
import { HealthController } from './health/health.controller';
import { MetricsController } from './metrics/metrics.controller';
import { MetricsRepository } from './metrics/metrics.repository';
import { InputTextPipe } from './http/input-text.pipe';
import { ProblemFilter } from './http/problem.filter';
import { PublicStatusModule } from './public/public-status.module';
import { ReportsController } from './reports/reports.controller';
import { UsersController } from './users/users.controller';

@Module({})
export class ApiModule {
  static forRoot(config: AppConfig, logDestination?: DestinationStream): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        CoreModule.forRoot(config),
        LoggerModule.forRoot(loggerOptions(config, 'api', logDestination)),
        DbModule,
        JwtModule.register({ secret: config.auth.jwtSecret, signOptions: { algorithm: 'HS256' } }),
        UsersModule,
        CasesModule,
        PublicStatusModule,
        SlaModule,
        AlertsModule,
        JobsModule,
        ReportsModule,
      ],
      controllers: [
        AuthController,
        UsersController,
        CasesController,
        CalendarController,
        AlertsController,
        ReportsController,
        SlaSweepController,
        OperationsStatusController,
        HealthController,
        MetricsController,
        ...(config.testClock ? [TestClockController] : []),
      ],
      providers: [
        LoginThrottle,
        MetricsRepository,
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        // Runs first: no string with NUL, control characters or lone surrogates reaches a schema or the database.
        { provide: APP_PIPE, useClass: InputTextPipe },
        { provide: APP_PIPE, useClass: ZodValidationPipe },
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
    };
  }
}
