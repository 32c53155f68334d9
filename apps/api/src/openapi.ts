import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { cleanupOpenApiDoc } from 'nestjs-zod';

const BEARER = 'bearer';

/** The OpenAPI 3 document, generated from the controllers, their zod schemas and the response schemas. */
export function buildOpenApi(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Case Desk API')
    .setDescription(
      'Medical-insurance relationship transfers (医保关系转移接续) and duplicate-contribution refunds (重复缴费退费), ' +
        'with working-day SLAs. Every error is application/problem+json (schema `Problem`) with a stable `code`. ' +
        'Instants are ISO-8601 UTC; calendar dates are YYYY-MM-DD in Asia/Shanghai; money is a string with two decimals.',
    )
    .setOpenAPIVersion('3.1.0')
    .setVersion('1')
    .setLicense('Proprietary (UNLICENSED)', 'https://spdx.org/licenses/')
    .addServer('/', 'The deployment serving this document')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'from POST /v1/auth/token' }, BEARER)
    .build();
  const document = cleanupOpenApiDoc(
    SwaggerModule.createDocument(app, config, {
      operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}`,
    }),
    { version: '3.1' },
  );
  return requireSecurityEverywhere(document);
}

/**
 * Bearer security is declared per controller (`@ApiBearerAuth`); an operation without it is public (the token,
 * the applicants' route, health, metrics), which the document states with an explicit empty `security`.
 */
function requireSecurityEverywhere(document: OpenAPIObject): OpenAPIObject {
  document.security = [{ [BEARER]: [] }];
  for (const item of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item[method];
      if (operation && operation.security === undefined) operation.security = [];
    }
  }
  return document;
}
