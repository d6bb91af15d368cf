// What an import reads: create bodies from CSV cells, from exported users, and the command's file
// readers (JSON Lines, CSV with quoted cells, --from export).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InputRecord, readRecords } from '../../src/cli/import-input.ts';
import { UsageError } from '../../src/cli/usage-error.ts';
import { checkCreateBody } from '../../src/import/create-body.ts';
import { checkColumnNames, createBodyFromColumns } from '../../src/import/from-columns.ts';
import { createBodyFromUser } from '../../src/import/from-user.ts';
import { UnreadableRecord } from '../../src/import/results.ts';
import { caught } from '../support/caught.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'clerk-users-import-input-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function read(text: string, format: 'jsonl' | 'csv', from: 'body' | 'export' = 'body'): Promise<InputRecord[]> {
  const file = join(dir, `input-${Math.random().toString(36).slice(2)}`);
  await writeFile(file, text);
  const out: InputRecord[] = [];
  for await (const record of readRecords(file, { format, from })) out.push(record);
  return out;
}

describe('createBodyFromColumns', () => {
  it('types each cell by its field and builds objects from dotted names', () => {
    const body = createBodyFromColumns([
      ['external_id', 'crm_1'],
      ['email_address', 'a@example.com b@example.com'],
      ['phone_number', '["+15555550100"]'],
      ['skip_password_requirement', 'TRUE'],
      ['create_organizations_limit', '3'],
      ['public_metadata.plan', 'pro'],
      ['public_metadata.billing.zip', '01234'],
      ['private_metadata', '{"tier":2}'],
      ['first_name', ''],
    ]);
    expect(body).toEqual({
      external_id: 'crm_1',
      email_address: ['a@example.com', 'b@example.com'],
      phone_number: ['+15555550100'],
      skip_password_requirement: true,
      create_organizations_limit: 3,
      public_metadata: { plan: 'pro', billing: { zip: '01234' } },
      private_metadata: { tier: 2 },
    });
    expect(checkCreateBody(body)).toBeUndefined();
  });

  it('keeps a cell that does not read as its type as text, so the check names the field', () => {
    const body = createBodyFromColumns([
      ['external_id', 'x'],
      ['banned', 'yes'],
    ]);
    expect(checkCreateBody(body)?.message).toContain('banned must be a boolean');
  });

  it('refuses unknown, repeated and dotted non-object columns, and a header without external_id', () => {
    expect(checkColumnNames(['external_id', 'email'])?.code).toBe('unknown_column');
    expect(checkColumnNames(['external_id', 'first_name.x'])?.code).toBe('unknown_column');
    expect(checkColumnNames(['external_id', 'first_name', 'first_name'])?.code).toBe('repeated_column');
    expect(checkColumnNames(['first_name'])?.code).toBe('missing_external_id');
    expect(checkColumnNames(['external_id', 'public_metadata.plan'])).toBeUndefined();
  });
});

describe('createBodyFromUser', () => {
  const verified = { status: 'verified' };
  const user = {
    id: 'user_old',
    object: 'user',
    external_id: null,
    first_name: 'Ada',
    last_name: null,
    username: 'ada',
    primary_email_address_id: 'idn_2',
    email_addresses: [
      { id: 'idn_1', email_address: 'old@example.com', verification: { status: 'unverified' } },
      { id: 'idn_2', email_address: 'ada@example.com', verification: verified },
    ],
    phone_numbers: [],
    web3_wallets: [],
    public_metadata: { plan: 'pro' },
    private_metadata: {},
    unsafe_metadata: {},
    password_enabled: true,
    banned: false,
    locked: true,
    created_at: 1_700_000_000_000,
    legal_accepted_at: null,
  };

  it('maps identifiers (primary first, unverified ones reserved), names, metadata and timestamps, and no password', () => {
    const body = createBodyFromUser(user as never);
    expect(body).toEqual({
      external_id: 'user_old',
      email_address: ['ada@example.com', 'old@example.com'],
      email_address_identification_status: ['verified', 'reserved'],
      username: 'ada',
      first_name: 'Ada',
      banned: false,
      public_metadata: { plan: 'pro' },
      created_at: '2023-11-14T22:13:20.000Z',
      skip_password_requirement: true,
    });
    expect(checkCreateBody(body)).toBeUndefined();
  });

  it("keeps the user's own external_id when it has one", () => {
    expect(createBodyFromUser({ ...user, external_id: 'crm_7' } as never).external_id).toBe('crm_7');
  });
});

describe('readRecords', () => {
  it('reads JSON Lines with their line numbers, skips blank lines, and reports a broken line without quoting it', async () => {
    const records = await read(
      '{"external_id":"a"}\n\n{"external_id":"b","password":"s3cret-pass\n{"external_id":"c"}\n',
      'jsonl',
    );
    expect(records.map((r) => r.line)).toEqual([1, 3, 4]);
    expect(records[0]?.record).toEqual({ external_id: 'a' });
    const broken = records[1]?.record as UnreadableRecord;
    expect(broken).toBeInstanceOf(UnreadableRecord);
    expect(broken.message).toBe('line 3 is not valid JSON');
  });

  it('reads CSV with quoted commas, quotes and line breaks, giving the line each row starts on', async () => {
    const csv =
      'external_id,first_name,public_metadata.note\r\ncrm_1,"Doe, Jane","said ""hi""\nthen left"\ncrm_2,Bob,\ncrm_3,too,many,cells\n';
    const records = await read(csv, 'csv');
    expect(records.map((r) => r.line)).toEqual([2, 4, 5]);
    expect(records[0]?.record).toEqual({
      external_id: 'crm_1',
      first_name: 'Doe, Jane',
      public_metadata: { note: 'said "hi"\nthen left' },
    });
    expect(records[1]?.record).toEqual({ external_id: 'crm_2', first_name: 'Bob' });
    expect(records[2]?.record).toMatchObject({ code: 'invalid_csv_row' });
  });

  it('refuses a CSV header with a column that is not a body field, before any record', async () => {
    const error = await caught(read('external_id,mail\nx,y\n', 'csv'));
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toContain('"mail"');
  });

  it('with --from export, turns exported users into create bodies and refuses other lines', async () => {
    const records = await read(
      `${JSON.stringify({ object: 'user', id: 'user_1', external_id: 'e1', email_addresses: [] })}\n{"external_id":"x"}\n`,
      'jsonl',
      'export',
    );
    expect(records[0]?.record).toEqual({ external_id: 'e1', skip_password_requirement: true });
    expect(records[1]?.record).toMatchObject({ code: 'not_an_exported_user' });
  });
});
