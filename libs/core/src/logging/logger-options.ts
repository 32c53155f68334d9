import { randomUUID } from 'node:crypto';
import type { Params } from 'nestjs-pino';
import { type DestinationStream, destination as pinoDestination } from 'pino';
import type { Options } from 'pino-http';
import { maskPersonalData } from '@case-desk/domain';
import { AppConfig } from '../config/app-config';

/**
 * Paths pino removes from every log line. Bodies are never logged, but errors and job data can carry
 * personal data, so the usual suspects are redacted wherever they appear.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["x-access-code"]',
  'req.headers.cookie',
  '*.password',
  '*.idNumber',
  '*.phone',
  '*.accessCode',
  '*.accessToken',
  '*.token',
  'applicant.idNumber',
  'applicant.phone',
  '*.applicant.idNumber',
  '*.applicant.phone',
];

export function loggerOptions(config: AppConfig, app: 'api' | 'worker', destination?: DestinationStream): Params {
  const options: Options = {
    level: config.logLevel,
    base: { app },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    genReqId: (req) => {
      const header = req.headers['x-request-id'];
      return typeof header === 'string' && /^[\w.-]{1,100}$/.test(header) ? header : randomUUID();
    },
    // The path without the query string (it may carry an ID number in `q`), with ID numbers and phones
    // in it masked (`/v1/cases/110105********002X`, `/v1/public/cases/...`).
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        url: maskedPath(req.url),
      }),
    },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
  };
  // Synchronous writes to stdout: pino's default buffers and writes asynchronously, which loses the
  // last lines (a 500's errorId, "stopping") when the process ends on a re-raised signal.
  return { pinoHttp: [options, destination ?? pinoDestination({ dest: 1, sync: true })] };
}

/**
 * A request path as logged: no query string, and no full ID number or phone, whether sent plainly or
 * percent-encoded (`11010519491231002%58`). When decoding reveals one, the decoded path is logged masked.
 */
export function maskedPath(url: string): string {
  const path = url.split('?')[0];
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // not decodable: logged as sent, masked
  }
  const maskedDecoded = maskPersonalData(decoded);
  return maskedDecoded !== decoded ? maskedDecoded : maskPersonalData(path);
}
