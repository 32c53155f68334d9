/** Injection token of the validated AppConfig (provided by CoreModule). */
export const APP_CONFIG = Symbol('APP_CONFIG');
