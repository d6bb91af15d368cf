/**
 * Billing: a credit balance per user that adjustments change (idempotent by key), and the
 * subscription a seed gave (the spec cannot create one; a user without one answers 404).
 */
import { FakeClerkError, invalidParam, notFound } from '../errors.ts';
import type { Call, Operation } from '../operation.ts';
import { json } from '../respond.ts';
import type { CreditLedgerEntry } from '../user-record.ts';
import { bodyOf, recordOf, updateRecord } from './common.ts';

const SYMBOLS: Record<string, string> = { USD: '$', EUR: '€', GBP: '£' };

function money(cents: number, currency: string) {
  const sign = cents < 0 ? '-' : '';
  return {
    amount: cents,
    amount_formatted: `${sign}${(Math.abs(cents) / 100).toFixed(2)}`,
    currency,
    currency_symbol: SYMBOLS[currency] ?? currency,
  };
}

function adjust(call: Call): Response {
  const record = recordOf(call);
  const body = bodyOf(call);
  const amount = body.amount as number;
  const key = body.idempotency_key as string;
  const currency = ((body.currency as string | undefined) ?? 'USD').toUpperCase();
  if (amount <= 0) throw invalidParam('amount', `amount must be greater than zero (in cents), got ${amount}.`);
  const credits = record.credits ?? { balance: 0, currency, ledger: {} };
  const replay = credits.ledger[key];
  if (replay !== undefined) {
    if (replay.request !== call.bodyText)
      throw new FakeClerkError(
        409,
        'idempotency_key_reused',
        'idempotency key reused',
        `idempotency_key ${JSON.stringify(key)} was used with a different request.`,
        { param_name: 'idempotency_key' },
      );
    return json(200, replay.entry);
  }
  if (currency !== credits.currency)
    throw invalidParam(
      'currency',
      `currency must be ${credits.currency}, the currency of this balance, got ${currency}.`,
    );
  const delta = body.action === 'increase' ? amount : -amount;
  if (credits.balance + delta < 0)
    throw invalidParam(
      'amount',
      `the balance is ${credits.balance} cents; a decrease of ${amount} would make it negative.`,
    );
  const entry: CreditLedgerEntry = {
    object: 'commerce_credit_ledger',
    id: call.state.store.newId('cledg'),
    payer_id: record.user.id,
    amount: money(delta, currency),
    source_type: 'admin_adjustment',
    source_id: key,
    note: typeof body.note === 'string' ? body.note : null,
    created_at: new Date(call.state.now()).toISOString(),
  };
  updateRecord(call, record, (u) => u, {
    credits: {
      balance: credits.balance + delta,
      currency,
      ledger: { ...credits.ledger, [key]: { entry, request: call.bodyText } },
    },
  });
  return json(200, entry);
}

/** Credit balance and adjustments; the subscription. */
export const billingOperations: Operation[] = [
  {
    method: 'GET',
    template: '/users/{user_id}/billing/credits',
    handle(call) {
      const { credits } = recordOf(call);
      return json(200, {
        object: 'commerce_credit_balance',
        balance: credits === undefined ? null : money(credits.balance, credits.currency),
      });
    },
  },
  { method: 'POST', template: '/users/{user_id}/billing/credits', handle: adjust },
  {
    method: 'GET',
    template: '/users/{user_id}/billing/subscription',
    handle(call) {
      const record = recordOf(call);
      if (record.subscription === undefined) throw notFound(`User ${record.user.id} has no billing subscription.`);
      return json(200, record.subscription);
    },
  },
];
