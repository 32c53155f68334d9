import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { cleanupOpenApiDoc } from 'nestjs-zod';

/** The OpenAPI 3 document, generated from the controllers and their zod schemas. */
export function buildOpenApi(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Case Desk API')
    .setDescription(
      'Medical-insurance relationship transfers (医保关系转移接续) and duplicate-contribution refunds (重复缴费退费), ' +
        'with working-day SLAs. Every error is application/problem+json with a stable `code`.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  return cleanupOpenApiDoc(SwaggerModule.createDocument(app, config));
}
