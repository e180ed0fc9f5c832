/**
 * The sObjects the simulator serves and their fields: the standard fields our queries use plus the
 * custom fields of the data contract (DESIGN.md). Field metadata follows the REST API's describe
 * result, so the same definitions drive describe, SOQL validation and record writes.
 */

export type FieldType =
  'id' | 'string' | 'email' | 'boolean' | 'picklist' | 'reference' | 'textarea' | 'date' | 'datetime';

export interface FieldDef {
  name: string;
  label: string;
  type: FieldType;
  length?: number;
  /** Target sObject of a reference (lookup) field and the relationship name SOQL uses for it. */
  referenceTo?: string;
  relationshipName?: string;
  createable: boolean;
  updateable: boolean;
  nillable: boolean;
  /** Long text areas cannot be filtered on in SOQL. */
  filterable: boolean;
  required?: boolean;
  unique?: boolean;
  externalId?: boolean;
  custom?: boolean;
  defaultValue?: string | boolean;
}

export interface SObjectDef {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  fields: FieldDef[];
}

const field = (name: string, type: FieldType, extra: Partial<FieldDef> = {}): FieldDef => ({
  name,
  label: name.replace(/__c$/, '').replace(/_/g, ' '),
  type,
  length: type === 'string' || type === 'email' || type === 'picklist' ? 255 : undefined,
  createable: true,
  updateable: true,
  nillable: true,
  filterable: true,
  custom: name.endsWith('__c'),
  ...extra,
});

const readOnly = { createable: false, updateable: false };
const system = (): FieldDef[] => [
  field('CreatedDate', 'datetime', { ...readOnly, nillable: false }),
  field('LastModifiedDate', 'datetime', { ...readOnly, nillable: false }),
];
const idField = (): FieldDef => field('Id', 'id', { ...readOnly, nillable: false, length: 18 });
const owner = (): FieldDef =>
  field('OwnerId', 'reference', { referenceTo: 'User', relationshipName: 'Owner', nillable: false });

export const sobjects: Record<string, SObjectDef> = {
  User: {
    name: 'User',
    label: 'User',
    labelPlural: 'Users',
    keyPrefix: '005',
    fields: [
      idField(),
      field('Name', 'string', { required: true }),
      field('Email', 'email', { required: true }),
      field('IsActive', 'boolean', { nillable: false, defaultValue: true }),
      // Data contract addition (A1): who may request portal accounts (`CSM`, `AE`, `Sales`).
      field('Support_Role__c', 'picklist'),
      ...system(),
    ],
  },
  Account: {
    name: 'Account',
    label: 'Account',
    labelPlural: 'Accounts',
    keyPrefix: '001',
    fields: [
      idField(),
      field('Name', 'string', { required: true, nillable: false }),
      field('Type', 'picklist'),
      field('Partner_Program__c', 'picklist'),
      field('Support_Level__c', 'picklist'),
      field('NFR_Support_Level__c', 'picklist'),
      field('Alliance_S3_Bucket__c', 'string'),
      field('Alliance_S3_Prefix__c', 'string'),
      // Standard field: the account's notes, copied to a new Zendesk organization (A1).
      field('Description', 'textarea', { length: 32000, filterable: false }),
      owner(),
      ...system(),
    ],
  },
  Contact: {
    name: 'Contact',
    label: 'Contact',
    labelPlural: 'Contacts',
    keyPrefix: '003',
    fields: [
      idField(),
      field('FirstName', 'string'),
      field('LastName', 'string'),
      // Real Salesforce computes Name from FirstName/LastName; the simulator also accepts it
      // directly, because the fixture world and admin tools write it that way.
      field('Name', 'string'),
      field('Email', 'email'),
      field('AccountId', 'reference', { referenceTo: 'Account', relationshipName: 'Account' }),
      field('Support_Portal_User__c', 'boolean', { nillable: false, defaultValue: false }),
      owner(),
      ...system(),
    ],
  },
  Task: {
    name: 'Task',
    label: 'Task',
    labelPlural: 'Tasks',
    keyPrefix: '00T',
    fields: [
      idField(),
      field('Subject', 'string'),
      field('Description', 'textarea', { length: 32000, filterable: false }),
      field('Status', 'picklist', { nillable: false, defaultValue: 'Not Started' }),
      field('Priority', 'picklist', { nillable: false, defaultValue: 'Normal' }),
      field('ActivityDate', 'date'),
      field('WhatId', 'reference', { referenceTo: 'Account', relationshipName: 'What' }),
      field('WhoId', 'reference', { referenceTo: 'Contact', relationshipName: 'Who' }),
      // Derived from WhatId when it points to an Account, as Salesforce does.
      field('AccountId', 'reference', { ...readOnly, referenceTo: 'Account', relationshipName: 'Account' }),
      // Data contract addition: the orchestrator's idempotency key (see simulators/README.md).
      field('Idempotency_Key__c', 'string', { unique: true, externalId: true }),
      owner(),
      ...system(),
    ],
  },
};

/** The sObject definition for a type name, case-insensitively, as the REST API resolves it. */
export function sobjectDef(type: string): SObjectDef | undefined {
  const wanted = type.toLowerCase();
  return Object.values(sobjects).find((def) => def.name.toLowerCase() === wanted);
}

export function fieldDef(def: SObjectDef, name: string): FieldDef | undefined {
  const wanted = name.toLowerCase();
  return def.fields.find((f) => f.name.toLowerCase() === wanted);
}

export function relationshipDef(def: SObjectDef, name: string): FieldDef | undefined {
  const wanted = name.toLowerCase();
  return def.fields.find((f) => f.relationshipName?.toLowerCase() === wanted);
}

/** 15- or 18-character record Ids; the first 15 characters identify the record (case-sensitively). */
export const isSalesforceId = (value: string): boolean => /^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/.test(value);
export const sameId = (a: string, b: string): boolean => a.slice(0, 15) === b.slice(0, 15);
