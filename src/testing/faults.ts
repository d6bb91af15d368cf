/** Fault injection: rules that make the next matching requests fail with a chosen status and body. */
import type { components } from '../../generated/schema.ts';

/** A fault to inject; see `FakeClerk.inject`. */
export interface FaultRule {
  /** Only requests with this method (default: any). */
  method?: string;
  /** Only requests to this path template, e.g. `/users/{user_id}` (default: any). */
  path?: string;
  /** The status to answer, e.g. 429, 500, 503. */
  status: number;
  /** How many matching requests fail (default 1). */
  times?: number;
  /** The `Retry-After` header, in seconds (default 1 for a 429, none otherwise). */
  retryAfter?: number;
  /** The body to answer (default: Clerk's error envelope for the status). */
  body?: components['schemas']['ClerkErrors'] | Record<string, unknown>;
}

/** A rule with its remaining count. */
export interface ActiveFault {
  rule: FaultRule;
  remaining: number;
}

/** Checks a rule once, at `inject` time, so a typo fails there rather than never matching. */
export function activateFault(rule: FaultRule, templates: readonly string[]): ActiveFault {
  if (!Number.isInteger(rule.status) || rule.status < 100 || rule.status > 599)
    throw new TypeError(`inject: status must be an HTTP status (100-599), got ${JSON.stringify(rule.status)}`);
  const times = rule.times ?? 1;
  if (!(times === Number.POSITIVE_INFINITY || (Number.isInteger(times) && times > 0)))
    throw new TypeError(`inject: times must be a positive integer or Infinity, got ${JSON.stringify(rule.times)}`);
  if (rule.path !== undefined && !templates.includes(rule.path)) {
    throw new TypeError(
      `inject: path ${JSON.stringify(rule.path)} is not a path template of the API; use one of ${[...new Set(templates)].join(', ')}`,
    );
  }
  return {
    rule: { ...rule, ...(rule.method === undefined ? {} : { method: rule.method.toUpperCase() }) },
    remaining: times,
  };
}

/** The first active rule matching a request, with its count taken; `undefined` when none does. */
export function takeFault(faults: ActiveFault[], method: string, template: string | undefined): FaultRule | undefined {
  const index = faults.findIndex(
    (f) =>
      (f.rule.method === undefined || f.rule.method === method) &&
      (f.rule.path === undefined || f.rule.path === template),
  );
  if (index < 0) return undefined;
  const fault = faults[index] as ActiveFault;
  fault.remaining--;
  if (fault.remaining <= 0) faults.splice(index, 1);
  return fault.rule;
}
