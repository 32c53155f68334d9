/** The one source of "now" for services: swapped for a settable clock in tests (TEST_CLOCK). */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
