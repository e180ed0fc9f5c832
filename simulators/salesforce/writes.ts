import { SalesforceError } from './errors';
import { fieldDef, isSalesforceId, sameId, type SObjectDef } from './schema';
import { formatDateTime, type SalesforceStore, type SfRecord } from './store';

/**
 * Record creates and updates with the REST API's validations: unknown fields (INVALID_FIELD),
 * read-only fields (INVALID_FIELD_FOR_INSERT_UPDATE), required fields (REQUIRED_FIELD_MISSING),
 * bad lookups (MALFORMED_ID, INVALID_CROSS_REFERENCE_KEY) and unique fields (DUPLICATE_VALUE).
 */

function validate(
  store: SalesforceStore,
  def: SObjectDef,
  values: Record<string, unknown>,
  mode: 'create' | 'update',
  selfId?: string,
): Record<string, unknown> {
  const canonical: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    if (name === 'attributes') continue;
    const field = fieldDef(def, name);
    if (!field) {
      throw new SalesforceError(
        400,
        'INVALID_FIELD',
        `No such column '${name}' on sobject of type ${def.name}`,
      );
    }
    if (mode === 'create' ? !field.createable : !field.updateable) {
      throw new SalesforceError(
        400,
        'INVALID_FIELD_FOR_INSERT_UPDATE',
        `Unable to create/update fields: ${field.name}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
        [field.name],
      );
    }
    if (field.type === 'reference' && value !== null && value !== undefined) {
      if (typeof value !== 'string' || !isSalesforceId(value)) {
        throw new SalesforceError(
          400,
          'MALFORMED_ID',
          `${field.label}: id value of incorrect type: ${String(value)}`,
          [field.name],
        );
      }
      if (!store.get(field.referenceTo as string, value)) {
        throw new SalesforceError(400, 'INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', [
          field.name,
        ]);
      }
    }
    if (field.type === 'boolean' && typeof value !== 'boolean') {
      throw new SalesforceError(
        400,
        'JSON_PARSER_ERROR',
        `Cannot deserialize instance of boolean from ${field.name}`,
      );
    }
    if (field.unique && value !== null && value !== undefined) {
      const clash = store
        .all(def.name)
        .find((r) => r[field.name] === value && (selfId === undefined || !sameId(r.Id, selfId)));
      if (clash) {
        throw new SalesforceError(
          400,
          'DUPLICATE_VALUE',
          `duplicate value found: ${field.name} duplicates value on record with id: ${clash.Id}`,
          [field.name],
        );
      }
    }
    canonical[field.name] = value ?? null;
  }
  return canonical;
}

/** Fields Salesforce derives: Contact.Name from FirstName/LastName, Task.AccountId from WhatId. */
function derive(def: SObjectDef, record: SfRecord, changed: Record<string, unknown>): void {
  if (def.name === 'Contact' && !('Name' in changed) && ('FirstName' in changed || 'LastName' in changed)) {
    record.Name = [record.FirstName, record.LastName].filter(Boolean).join(' ');
  }
  if (def.name === 'Task' && 'WhatId' in changed) {
    const whatId = record.WhatId;
    record.AccountId = typeof whatId === 'string' && whatId.startsWith('001') ? whatId : null;
  }
}

export function createRecord(
  store: SalesforceStore,
  def: SObjectDef,
  values: Record<string, unknown>,
  runAsUserId: string,
): SfRecord {
  const changed = validate(store, def, values, 'create');
  const missing = def.fields.filter(
    (f) =>
      f.required && (changed[f.name] === undefined || changed[f.name] === null || changed[f.name] === ''),
  );
  const nameless = def.name === 'Contact' && !changed.Name && !changed.LastName;
  if (missing.length > 0 || nameless) {
    const names = nameless ? ['LastName'] : missing.map((f) => f.name);
    throw new SalesforceError(
      400,
      'REQUIRED_FIELD_MISSING',
      `Required fields are missing: [${names.join(', ')}]`,
      names,
    );
  }
  const now = formatDateTime(store.now());
  const record: SfRecord = { Id: store.newId(def.name) };
  for (const f of def.fields) {
    if (f.name === 'Id') continue;
    record[f.name] = f.defaultValue ?? null;
  }
  Object.assign(record, changed, { CreatedDate: now, LastModifiedDate: now });
  if (def.fields.some((f) => f.name === 'OwnerId') && !record.OwnerId) record.OwnerId = runAsUserId;
  derive(def, record, changed);
  store.all(def.name).push(record);
  return record;
}

export function updateRecord(
  store: SalesforceStore,
  def: SObjectDef,
  record: SfRecord,
  values: Record<string, unknown>,
): void {
  const changed = validate(store, def, values, 'update', record.Id);
  Object.assign(record, changed, { LastModifiedDate: formatDateTime(store.now()) });
  derive(def, record, changed);
}
